using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Allocation;

/// <summary>
/// Decides which Service gets which address. <see cref="Allocate"/> is a pure function of the snapshot: the current
/// allocation is the Services' <see cref="ServiceInfo.StatusAddresses"/> (and their pool annotation), so calling it again on
/// the same snapshot gives the same answer, and a restart never moves an address.
/// </summary>
public interface IAddressAllocator
{
    /// <summary>The allocator's name, as configuration refers to it.</summary>
    string Name { get; }

    /// <summary>Computes every LoadBalancer Service's addresses.</summary>
    /// <param name="state">The snapshot.</param>
    /// <returns>Assignments and pool counts.</returns>
    AllocationResult Allocate(ClusterState state);
}
