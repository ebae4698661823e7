using Ingot.Host.Metrics;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.Logging;

namespace Ingot.Host.Pipeline;

/// <summary>
/// One pass of the pipeline over one snapshot: allocate (when leader) → write status → every announcer's Plan → Apply for
/// this node → report. A plugin that throws is logged and counted, and the rest of the pass goes on without it; the next
/// pass retries it. <see cref="Plan(ClusterState)"/> is the same pass without the I/O.
/// </summary>
internal sealed partial class ReconcilePass
{
    private readonly PipelineComponents _components;
    private readonly string _nodeName;
    private readonly HostMetrics? _metrics;
    private readonly ILogger _logger;

    public ReconcilePass(PipelineComponents components, string nodeName, HostMetrics? metrics, ILogger logger)
    {
        _components = components;
        _nodeName = nodeName;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task<PassOutcome> RunAsync(ClusterState state, CancellationToken cancellationToken)
    {
        var failures = new List<PluginFailure>();
        var source = _components.Source;

        var (allocation, allocated) = Allocate(state, failures);
        if (allocated)
        {
            try
            {
                await source.WriteStatusAsync(state, allocation, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(failures, source, source.Name, nameof(IClusterSource.WriteStatusAsync), ex);
            }
        }

        var planned = PlanEach(state, allocation, failures);
        foreach (var (announcer, plan) in planned)
        {
            try
            {
                await announcer.ApplyAsync(state, plan, _nodeName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(failures, announcer, announcer.Name, nameof(IAnnouncer.ApplyAsync), ex);
            }
        }

        var plans = planned.Select(p => p.Plan).ToArray();
        try
        {
            await source.ReportAnnouncementsAsync(_nodeName, plans, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Fail(failures, source, source.Name, nameof(IClusterSource.ReportAnnouncementsAsync), ex);
        }

        return new PassOutcome { Allocation = allocation, Plans = plans, Failures = failures };
    }

    /// <summary>
    /// The pure half of a pass, without I/O: allocate (when leader) and every announcer's Plan. The offline verbs
    /// (<c>reconcile</c>, <c>explain</c>) run exactly this, so what they print is what the daemon would do.
    /// </summary>
    public PassOutcome Plan(ClusterState state)
    {
        var failures = new List<PluginFailure>();
        var (allocation, _) = Allocate(state, failures);
        var plans = PlanEach(state, allocation, failures).Select(p => p.Plan).ToArray();
        return new PassOutcome { Allocation = allocation, Plans = plans, Failures = failures };
    }

    private (AllocationResult Allocation, bool Allocated) Allocate(ClusterState state, List<PluginFailure> failures)
    {
        if (!state.IsAllocationLeader || _components.Allocator is not { } allocator)
        {
            return (StatusAssignments.From(state), false);
        }

        try
        {
            return (allocator.Allocate(state), true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(failures, allocator, allocator.Name, nameof(IAddressAllocator.Allocate), ex);

            // Keep announcing what the cluster already records rather than withdrawing everything.
            return (StatusAssignments.From(state), false);
        }
    }

    private List<(IAnnouncer Announcer, AnnouncementPlan Plan)> PlanEach(ClusterState state, AllocationResult allocation,
        List<PluginFailure> failures)
    {
        var planned = new List<(IAnnouncer, AnnouncementPlan)>();
        foreach (var announcer in _components.Announcers)
        {
            try
            {
                planned.Add((announcer, announcer.Plan(state, allocation)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Fail(failures, announcer, announcer.Name, nameof(IAnnouncer.Plan), ex);
            }
        }

        return planned;
    }

    private void Fail(List<PluginFailure> failures, object component, string componentName, string step, Exception ex)
    {
        var plugin = _components.PluginOf(component, componentName);
        failures.Add(new PluginFailure(plugin, ex) { Step = step });
        _metrics?.RecordError(plugin);
        Log.PluginFailed(_logger, plugin, step, ex);
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Error, "Plugin {Plugin} failed in {Step}; the other plugins go on and the next pass retries")]
        public static partial void PluginFailed(ILogger logger, string plugin, string step, Exception exception);
    }
}
