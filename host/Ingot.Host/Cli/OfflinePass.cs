using Ingot.Host.Hosting;
using Ingot.Host.Pipeline;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Host.Cli;

/// <summary>
/// One pass of the pipeline over manifests without touching the network: read, allocate, and every announcer's Plan.
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
        var allocator = components.Allocator!;
        var state = read.State with { IsAllocationLeader = true };
        AllocationResult allocation;
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

        return new OfflinePass(state, allocation, plans, read.Diagnostics);
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
