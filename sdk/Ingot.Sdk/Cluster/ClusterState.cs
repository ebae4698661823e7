using System.Collections.Immutable;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Configuration;

namespace Ingot.Sdk.Cluster;

/// <summary>
/// An immutable snapshot of everything the pipeline reads: Services, Nodes, EndpointSlices, Namespaces and the parsed,
/// validated MetalLB configuration. Sources publish a new snapshot whenever any of it changes.
/// </summary>
public sealed record ClusterState
{
    /// <summary>An empty snapshot with an empty configuration.</summary>
    public static ClusterState Empty { get; } = new();

    /// <summary>A number that grows with every snapshot a source publishes; for logs and metrics only.</summary>
    public long Revision { get; init; }

    /// <summary>All Services, of every type; the allocator filters.</summary>
    public IReadOnlyList<ServiceInfo> Services { get; init; } = [];

    /// <summary>All Nodes.</summary>
    public IReadOnlyList<NodeInfo> Nodes { get; init; } = [];

    /// <summary>All EndpointSlices.</summary>
    public IReadOnlyList<EndpointSliceInfo> EndpointSlices { get; init; } = [];

    /// <summary>All Namespaces.</summary>
    public IReadOnlyList<NamespaceInfo> Namespaces { get; init; } = [];

    /// <summary>
    /// The MetalLB configuration in force: the last one that passed validation. When the newest one failed,
    /// <see cref="ConfigurationErrors"/> says why and <see cref="ConfigurationStale"/> is true.
    /// </summary>
    public MetalLbConfiguration Configuration { get; init; } = MetalLbConfiguration.Empty;

    /// <summary>True when the newest configuration failed validation and an older one is still in force.</summary>
    public bool ConfigurationStale { get; init; }

    /// <summary>Why the newest configuration was refused; empty when it was accepted.</summary>
    public IReadOnlyList<ConfigurationDiagnostic> ConfigurationErrors { get; init; } = [];

    /// <summary>
    /// True when this process may allocate and write Service status (it holds the allocation lease, or the source has a
    /// single writer). Announcers run either way.
    /// </summary>
    public bool IsAllocationLeader { get; init; } = true;

    /// <summary>
    /// Addresses recently released by Services that went away, which the allocator keeps for their return while the pool
    /// has other free addresses; empty when the source keeps no such memory.
    /// </summary>
    public IReadOnlyList<RememberedAssignment> Remembered { get; init; } = [];

    /// <summary>The EndpointSlices of one Service.</summary>
    /// <param name="service">The Service.</param>
    /// <returns>The slices labelled with the Service's name in its namespace.</returns>
    public IEnumerable<EndpointSliceInfo> EndpointSlicesOf(ServiceKey service)
        => EndpointSlices.Where(s => s.Namespace == service.Namespace && s.ServiceName == service.Name);

    /// <summary>Finds a Node by name.</summary>
    /// <param name="name">The node's name.</param>
    /// <returns>The node, or null.</returns>
    public NodeInfo? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    /// <summary>Builds a name-indexed view of <see cref="Nodes"/>.</summary>
    /// <returns>Nodes by name.</returns>
    public ImmutableDictionary<string, NodeInfo> NodesByName()
        => Nodes.ToImmutableDictionary(n => n.Name, StringComparer.Ordinal);
}
