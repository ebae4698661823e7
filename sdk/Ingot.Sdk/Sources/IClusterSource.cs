using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Sources;

/// <summary>
/// Where the pipeline's input comes from and where its results go back: files on disk, the Kubernetes API, or anything a
/// plugin speaks to.
/// </summary>
public interface IClusterSource
{
    /// <summary>The source's name, as configuration refers to it.</summary>
    string Name { get; }

    /// <summary>
    /// Streams snapshots: the first as soon as the source has read everything once, then a new one after every change.
    /// A change that fails validation yields a snapshot that keeps the last good configuration and reports the errors
    /// (<see cref="ClusterState.ConfigurationStale"/>). The stream ends when the token is cancelled.
    /// </summary>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The snapshots.</returns>
    IAsyncEnumerable<ClusterState> WatchAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the allocation back (Service status and the <c>metallb.io/ip-allocated-from-pool</c> annotation, pool
    /// counters, a state file), only what changed. Called only when <see cref="ClusterState.IsAllocationLeader"/> is true.
    /// </summary>
    /// <param name="state">The snapshot the allocation was computed from.</param>
    /// <param name="allocation">The allocation.</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    /// <returns>When written.</returns>
    ValueTask WriteStatusAsync(ClusterState state, AllocationResult allocation, CancellationToken cancellationToken);

    /// <summary>Reports what this node announces (ServiceL2Status, ServiceBGPStatus, events). The default does nothing.</summary>
    /// <param name="nodeName">This node.</param>
    /// <param name="plans">Every announcer's plan.</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    /// <returns>When reported.</returns>
    ValueTask ReportAnnouncementsAsync(string nodeName, IReadOnlyList<AnnouncementPlan> plans, CancellationToken cancellationToken)
        => ValueTask.CompletedTask;
}
