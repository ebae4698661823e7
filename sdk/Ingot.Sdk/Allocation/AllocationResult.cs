namespace Ingot.Sdk.Allocation;

/// <summary>The allocator's answer for a whole <see cref="Cluster.ClusterState"/>.</summary>
public sealed record AllocationResult
{
    /// <summary>Nothing assigned.</summary>
    public static AllocationResult Empty { get; } = new();

    /// <summary>One entry per LoadBalancer Service the allocator handles, in processing order (Services that already held
    /// addresses first, then by namespace/name).</summary>
    public IReadOnlyList<ServiceAssignment> Assignments { get; init; } = [];

    /// <summary>Counts per pool, in pool name order.</summary>
    public IReadOnlyList<PoolUsage> Pools { get; init; } = [];
}
