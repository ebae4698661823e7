using System.CommandLine;
using Ingot.Host.Hosting;
using Ingot.Host.Pipeline;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Configuration;

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
            var read = services.Read(files);
            foreach (var warning in read.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
            {
                Console.Error.WriteLine(warning.ToString());
            }

            var components = PipelineComponents.Resolve(services.Services, PluginSelection.FileSource, services.Selection.Ipam, services.Active);
            var allocator = components.Allocator!;
            var state = read.State with { IsAllocationLeader = true };
            Sdk.Allocation.AllocationResult allocation;
            try
            {
                allocation = allocator.Allocate(state);
            }
            catch (Exception ex)
            {
                throw new CliException(ExitCodes.RuntimeFailure, $"plugin '{components.PluginOf(allocator, allocator.Name)}' failed to allocate: {ex.Message}");
            }

            var plans = new List<AnnouncementPlan>();
            foreach (var announcer in components.Announcers)
            {
                try
                {
                    plans.Add(announcer.Plan(state, allocation));
                }
                catch (Exception ex)
                {
                    throw new CliException(ExitCodes.RuntimeFailure, $"plugin '{components.PluginOf(announcer, announcer.Name)}' failed to plan: {ex.Message}");
                }
            }

            var errors = read.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
            foreach (var error in errors)
            {
                Console.Error.WriteLine(error);
            }

            var report = new ReconcileReport(allocation, plans, errors);
            Console.Out.Write(parse.GetValue(output) == "table" ? report.ToTable() : report.ToJson() + "\n");
            return errors.Length == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        }));
        return command;
    }
}
