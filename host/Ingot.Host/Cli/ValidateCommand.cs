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
        var strict = new Option<bool>("--strict-references")
        {
            Description = "Count references to objects not in PATH (a BGPPeer's Secret, a BFD profile, a Community alias) as errors, not warnings",
        };
        var command = new Command("validate",
            "Parse and validate manifests with MetalLB's rules; exit 0 when valid (warnings on stderr), else 1 with one line per problem");
        command.Arguments.Add(paths);
        command.Options.Add(strict);
        common.AddTo(command);
        command.SetAction(parse => IngotCli.Guard(() =>
        {
            var files = parse.GetValue(paths) ?? [];
            using var services = ManifestServices.Create(common.Read(parse), withPipeline: false);
            var result = services.Read(files);

            // A reference that may resolve once another object exists is what the admission webhook allows with a
            // warning, so a folder that keeps its Secrets elsewhere validates; --strict-references refuses it.
            var diagnostics = parse.GetValue(strict)
                ? result.Diagnostics
                : [.. result.Diagnostics.Select(d => d.IsTransient ? d with { Severity = DiagnosticSeverity.Warning } : d)];
            foreach (var diagnostic in diagnostics)
            {
                Console.Error.WriteLine(diagnostic.ToString());
            }

            if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return ExitCodes.InvalidInput;
            }

            var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
            Console.Out.WriteLine(warnings == 0 ? "valid" : $"valid ({warnings} warning{(warnings == 1 ? "" : "s")})");
            return ExitCodes.Success;
        }));
        return command;
    }
}
