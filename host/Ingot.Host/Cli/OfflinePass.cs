using Ingot.Host.Hosting;
using Ingot.Host.Pipeline;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Host.Cli;

/// <summary>
/// One pass of the pipeline over manifests without touching the network: read, then <see cref="ReconcilePass.Plan"/>
/// (allocate and every announcer's Plan), the very pass the daemon runs.
/// What <c>reconcile</c> prints and <c>explain</c> explains.
/// </summary>
internal sealed record OfflinePass(ClusterState State, AllocationResult Allocation, IReadOnlyList<AnnouncementPlan> Plans,
    IReadOnlyList<ConfigurationDiagnostic> Diagnostics)
{
    public IReadOnlyList<string> Errors { get; } =
        [.. Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];

    public static OfflinePass Run(ManifestServices services, IReadOnlyList<string> files)
    {
        var read = services.Read(files);
        var components = PipelineComponents.Resolve(services.Services, PluginSelection.FileSource, services.Selection.Ipam, services.Active);
        var state = read.State with { IsAllocationLeader = true };
        var outcome = new ReconcilePass(components, services.Selection.NodeName, metrics: null, NullLogger.Instance).Plan(state);

        // Offline there is no next pass to retry a failing plugin: the first failure is the verb's answer.
        if (outcome.Failures is [var failure, ..])
        {
            var what = failure.Step == nameof(IAddressAllocator.Allocate) ? "allocate" : "plan";
            throw new PipelineException($"plugin '{failure.Plugin}' failed to {what}: {failure.Error.Message}", failure.Error);
        }

        return new OfflinePass(state, outcome.Allocation, outcome.Plans, read.Diagnostics);
    }

    /// <summary>Writes warnings, then errors, to stderr: one line each, <c>file: Kind/name: message</c>.</summary>
    public void ReportDiagnostics()
    {
        foreach (var warning in Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
        {
            Console.Error.WriteLine(warning.ToString());
        }

        foreach (var error in Errors)
        {
            Console.Error.WriteLine(error);
        }
    }
}
