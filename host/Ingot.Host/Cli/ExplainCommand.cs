using System.CommandLine;

namespace Ingot.Host.Cli;

/// <summary>
/// <c>ingot explain SERVICE PATH...</c>: for one Service, which pool it got and why, which node announces it by which
/// protocol, and why the others do not. Offline, like <c>reconcile</c>.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CommonOptions common)
    {
        var service = new Argument<string>("SERVICE") { Description = "The Service, namespace/name (or name, in namespace default)" };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories of YAML manifests",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("explain", "Explain one Service: its pool and why, who announces it by which protocol, and why the others do not");
        command.Arguments.Add(service);
        command.Arguments.Add(paths);
        common.AddTo(command, common.Ipam, common.Announcers);
        command.SetAction(parse => IngotCli.Guard(() =>
        {
            var key = ServiceExplanation.ParseKey(parse.GetValue(service)!);
            using var services = ManifestServices.Create(common.Read(parse), withPipeline: true);
            var pass = OfflinePass.Run(services, parse.GetValue(paths) ?? []);
            pass.ReportDiagnostics();
            foreach (var line in ServiceExplanation.Explain(pass, key))
            {
                Console.Out.WriteLine(line);
            }

            return pass.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        }));
        return command;
    }
}
