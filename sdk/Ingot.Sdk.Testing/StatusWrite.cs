using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Testing;

/// <summary>One <see cref="Sources.IClusterSource.WriteStatusAsync"/> call recorded by <see cref="FakeClusterSource"/>.</summary>
/// <param name="State">The snapshot the allocation was computed from.</param>
/// <param name="Allocation">The allocation written.</param>
public sealed record StatusWrite(ClusterState State, AllocationResult Allocation);
