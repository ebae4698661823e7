using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;

namespace Ingot.Host.Pipeline;

/// <summary>
/// The allocation as the cluster already records it: what a node that does not hold the allocation lease plans with, so
/// every node runs the same election over the same assignments.
/// </summary>
internal static class StatusAssignments
{
    /// <summary>MetalLB's annotation naming the pool a Service's addresses came from.</summary>
    public const string PoolAnnotation = "metallb.io/ip-allocated-from-pool";

    public static AllocationResult From(ClusterState state) => new()
    {
        Assignments = state.Services
            .Where(s => s.IsLoadBalancer && s.StatusAddresses.Count > 0)
            .OrderBy(s => s.Key)
            .Select(s => new ServiceAssignment
            {
                Service = s.Key,
                Addresses = s.StatusAddresses,
                Pool = s.Annotations.TryGetValue(PoolAnnotation, out var pool) && pool.Length > 0 ? pool : null,
            })
            .ToArray(),
    };
}
