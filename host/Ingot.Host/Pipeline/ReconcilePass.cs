using Ingot.Host.Metrics;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Logging;

namespace Ingot.Host.Pipeline;

/// <summary>
/// One pass of the pipeline over one snapshot: allocate (when leader) → write status → every announcer's Plan → Apply for
/// this node → report. A plugin that throws is logged and counted, and the rest of the pass goes on without it; the next
/// pass retries it.
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
        var failures = new List<(string, Exception)>();
        var source = _components.Source;

        AllocationResult allocation;
        var allocated = false;
        if (state.IsAllocationLeader && _components.Allocator is { } allocator)
        {
            try
            {
                allocation = allocator.Allocate(state);
                allocated = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Fail(failures, allocator, allocator.Name, "Allocate", ex);

                // Keep announcing what the cluster already records rather than withdrawing everything.
                allocation = StatusAssignments.From(state);
            }
        }
        else
        {
            allocation = StatusAssignments.From(state);
        }

        if (allocated)
        {
            try
            {
                await source.WriteStatusAsync(state, allocation, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(failures, source, source.Name, "WriteStatusAsync", ex);
            }
        }

        var plans = new List<AnnouncementPlan>();
        var planned = new List<(IAnnouncer, AnnouncementPlan)>();
        foreach (var announcer in _components.Announcers)
        {
            try
            {
                var plan = announcer.Plan(state, allocation);
                plans.Add(plan);
                planned.Add((announcer, plan));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Fail(failures, announcer, announcer.Name, "Plan", ex);
            }
        }

        foreach (var (announcer, plan) in planned)
        {
            try
            {
                await announcer.ApplyAsync(state, plan, _nodeName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(failures, announcer, announcer.Name, "ApplyAsync", ex);
            }
        }

        try
        {
            await source.ReportAnnouncementsAsync(_nodeName, plans, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Fail(failures, source, source.Name, "ReportAnnouncementsAsync", ex);
        }

        return new PassOutcome { Allocation = allocation, Plans = plans, Failures = failures };
    }

    private void Fail(List<(string, Exception)> failures, object component, string componentName, string step, Exception ex)
    {
        var plugin = _components.PluginOf(component, componentName);
        failures.Add((plugin, ex));
        _metrics?.RecordError(plugin);
        Log.PluginFailed(_logger, plugin, step, ex);
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Error, "Plugin {Plugin} failed in {Step}; the other plugins go on and the next pass retries")]
        public static partial void PluginFailed(ILogger logger, string plugin, string step, Exception exception);
    }
}
