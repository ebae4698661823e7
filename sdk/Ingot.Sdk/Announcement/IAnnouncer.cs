using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Announcement;

/// <summary>
/// Makes assigned addresses reachable. Split in two: <see cref="Plan"/> is pure (the same election on every node, what
/// <c>ingot reconcile</c> prints) and <see cref="ApplyAsync"/> does this node's protocol work.
/// </summary>
/// <remarks>The host calls <see cref="ApplyAsync"/> one pass at a time, never concurrently, and
/// <see cref="WithdrawAllAsync"/> once on shutdown.</remarks>
public interface IAnnouncer
{
    /// <summary>The protocol name: <c>layer2</c>, <c>bgp</c>, …</summary>
    string Name { get; }

    /// <summary>Decides, for every node, who announces which addresses where. Touches no network.</summary>
    /// <param name="state">The snapshot.</param>
    /// <param name="allocation">The current assignments.</param>
    /// <returns>The plan.</returns>
    AnnouncementPlan Plan(ClusterState state, AllocationResult allocation);

    /// <summary>Brings this node's protocol state to the plan: starts and stops answering, opens and closes sessions,
    /// announces and withdraws.</summary>
    /// <param name="state">The snapshot the plan was made from.</param>
    /// <param name="plan">The plan (from <see cref="Plan"/>).</param>
    /// <param name="nodeName">This node.</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    /// <returns>When the changes are in effect (or handed to background loops).</returns>
    ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken);

    /// <summary>Stops announcing everything (on SIGTERM): answers stop, routes are withdrawn, sessions closed cleanly.</summary>
    /// <param name="cancellationToken">Bounds how long the withdrawal may take.</param>
    /// <returns>When done.</returns>
    ValueTask WithdrawAllAsync(CancellationToken cancellationToken);
}
