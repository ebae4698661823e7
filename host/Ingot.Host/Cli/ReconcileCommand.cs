using System.CommandLine;

namespace Ingot.Host.Cli;

/// <summary>
/// <c>ingot reconcile PATH... [--node NAME] [-o json|table]</c>: one pass of the pipeline over manifests, without touching
/// the network — IPAM and every announcer's Plan — printed as one JSON object (or a table).
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create(CommonOptions common)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories of YAML manifests (MetalLB resources, Services, Nodes, EndpointSlices, Namespaces)",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format",
            DefaultValueFactory = _ => "json",
        };
        output.AcceptOnlyFromAmong("json", "table");
        var command = new Command("reconcile",
            "Run one pass of the pipeline (IPAM and every announcer's plan) over manifests without touching the network, and print the result");
        command.Arguments.Add(paths);
        command.Options.Add(output);
        common.AddTo(command, common.Ipam, common.Announcers);
        command.SetAction(parse => IngotCli.Guard(() =>
        {
            var files = parse.GetValue(paths) ?? [];
            using var services = ManifestServices.Create(common.Read(parse), withPipeline: true);
            var pass = OfflinePass.Run(services, files);
            pass.ReportDiagnostics();

            var report = new ReconcileReport(pass.Allocation, pass.Plans, pass.Errors);
            Console.Out.Write(parse.GetValue(output) == "table" ? report.ToTable() : report.ToJson() + "\n");
            return pass.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        }));
        return command;
    }
}
