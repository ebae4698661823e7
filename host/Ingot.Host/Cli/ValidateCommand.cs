using System.CommandLine;
using Ingot.Sdk.Configuration;

namespace Ingot.Host.Cli;

/// <summary><c>ingot validate PATH...</c>: MetalLB's validation rules over manifests on disk.</summary>
internal static class ValidateCommand
{
    public static Command Create(CommonOptions common)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories of YAML manifests",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate",
            "Parse and validate manifests with MetalLB's rules; exit 0 when valid (warnings on stderr), else 1 with one line per problem");
        command.Arguments.Add(paths);
        common.AddTo(command);
        command.SetAction(parse => IngotCli.Guard(() =>
        {
            var files = parse.GetValue(paths) ?? [];
            using var services = ManifestServices.Create(common.Read(parse), withPipeline: false);
            var result = services.Read(files);
            foreach (var diagnostic in result.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic.ToString());
            }

            if (!result.IsValid)
            {
                return ExitCodes.InvalidInput;
            }

            var warnings = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
            Console.Out.WriteLine(warnings == 0 ? "valid" : $"valid ({warnings} warning{(warnings == 1 ? "" : "s")})");
            return ExitCodes.Success;
        }));
        return command;
    }
}
