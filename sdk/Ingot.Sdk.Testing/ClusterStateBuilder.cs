using System.Collections.Immutable;
using System.Net;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Sdk.Testing;

/// <summary>
/// Builds <see cref="ClusterState"/> snapshots for tests, fluently:
/// <code>
/// var state = new ClusterStateBuilder()
///     .AddPool("first-pool", "192.0.2.0/28")
///     .AddNode("node-a")
///     .AddLoadBalancer("default", "web", "192.0.2.1")
///     .AddEndpointSlice("default", "web", "node-a")
///     .Build();
/// </code>
/// </summary>
/// <remarks>Pools are added with no advertisements; set richer configuration with <see cref="WithConfiguration"/>.</remarks>
public sealed class ClusterStateBuilder
{
    private readonly List<ServiceInfo> _services = [];
    private readonly List<NodeInfo> _nodes = [];
    private readonly List<EndpointSliceInfo> _slices = [];
    private readonly List<NamespaceInfo> _namespaces = [];
    private readonly SortedDictionary<string, AddressPool> _pools = new(StringComparer.Ordinal);
    private MetalLbConfiguration? _configuration;
    private bool _leader = true;
    private long _revision;

    /// <summary>Adds a Service as it is.</summary>
    /// <param name="service">The Service.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AddService(ServiceInfo service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _services.Add(service);
        return this;
    }

    /// <summary>Adds a <c>type: LoadBalancer</c> Service holding the given status addresses (its current allocation).</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="statusAddresses">Addresses in <c>status.loadBalancer.ingress</c>, e.g. <c>192.0.2.1</c>.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AddLoadBalancer(string ns, string name, params string[] statusAddresses)
        => AddLoadBalancer(ns, name, s => s with { StatusAddresses = statusAddresses.Select(IPAddress.Parse).ToArray() });

    /// <summary>Adds a <c>type: LoadBalancer</c> Service and lets you adjust it (annotations, ports, policy, …).</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="configure">Returns the adjusted Service, e.g. <c>s =&gt; s with { LoadBalancerIP = "192.0.2.5" }</c>.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AddLoadBalancer(string ns, string name, Func<ServiceInfo, ServiceInfo> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var service = new ServiceInfo
        {
            Namespace = ns,
            Name = name,
            Type = "LoadBalancer",
            Ports = [new ServicePort("TCP", 80)],
        };
        return AddService(configure(service));
    }

    /// <summary>Adds a Node, Ready unless <paramref name="ready"/> is false.</summary>
    /// <param name="name">The node's name.</param>
    /// <param name="ready">The node's Ready condition.</param>
    /// <param name="labels">The node's labels, if any.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AddNode(string name, bool ready = true, IReadOnlyDictionary<string, string>? labels = null)
    {
        _nodes.Add(new NodeInfo
        {
            Name = name,
            Labels = labels ?? ImmutableDictionary<string, string>.Empty,
            Conditions = ImmutableDictionary<string, string>.Empty.Add("Ready", ready ? "True" : "False"),
        });
        return this;
    }

    /// <summary>Adds an EndpointSlice for a Service with one ready endpoint on each given node.</summary>
    /// <param name="ns">The Service's namespace.</param>
    /// <param name="service">The Service's name.</param>
    /// <param name="nodes">The nodes that run a ready endpoint.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AddEndpointSlice(string ns, string service, params string[] nodes)
    {
        var index = 0;
        _slices.Add(new EndpointSliceInfo
        {
            Namespace = ns,
            Name = $"{service}-{_slices.Count(s => s.Namespace == ns && s.ServiceName == service)}",
            ServiceName = service,
            Endpoints = nodes.Select(n => new EndpointInfo
            {
                Addresses = [$"10.0.0.{++index}"],
                NodeName = n,
                Ready = true,
                Serving = true,
            }).ToArray(),
        });
        return this;
    }

    /// <summary>Adds an EndpointSlice as it is.</summary>
    /// <param name="slice">The slice.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AddEndpointSlice(EndpointSliceInfo slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        _slices.Add(slice);
        return this;
    }

    /// <summary>Adds a Namespace.</summary>
    /// <param name="name">The name.</param>
    /// <param name="labels">Its labels, if any.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AddNamespace(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        _namespaces.Add(new NamespaceInfo { Name = name, Labels = labels ?? ImmutableDictionary<string, string>.Empty });
        return this;
    }

    /// <summary>Adds an address pool to the configuration (no advertisements select it).</summary>
    /// <param name="name">The pool's name.</param>
    /// <param name="cidrs">Its blocks in CIDR notation, e.g. <c>192.0.2.0/28</c>.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AddPool(string name, params string[] cidrs)
    {
        var networks = cidrs.Select(IPNetwork.Parse).ToArray();
        _pools[name] = new AddressPool
        {
            Name = name,
            Cidrs = networks,
            CidrsPerAddressEntry = networks.Select(n => (IReadOnlyList<IPNetwork>)[n]).ToArray(),
        };
        return this;
    }

    /// <summary>Uses a whole configuration instead of the pools added with <see cref="AddPool"/>.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder WithConfiguration(MetalLbConfiguration configuration)
    {
        _configuration = configuration;
        return this;
    }

    /// <summary>Marks the snapshot as seen by a node that does not hold the allocation lease.</summary>
    /// <param name="leader">False for a follower.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder AsAllocationLeader(bool leader = true)
    {
        _leader = leader;
        return this;
    }

    /// <summary>Sets the snapshot's revision.</summary>
    /// <param name="revision">The revision.</param>
    /// <returns>This builder.</returns>
    public ClusterStateBuilder WithRevision(long revision)
    {
        _revision = revision;
        return this;
    }

    /// <summary>Builds the snapshot. The builder can go on and build more.</summary>
    /// <returns>The snapshot.</returns>
    public ClusterState Build() => new()
    {
        Revision = _revision,
        Services = [.. _services],
        Nodes = [.. _nodes],
        EndpointSlices = [.. _slices],
        Namespaces = [.. _namespaces],
        Configuration = _configuration ?? new MetalLbConfiguration
        {
            Pools = _pools.ToImmutableSortedDictionary(StringComparer.Ordinal),
        },
        IsAllocationLeader = _leader,
    };
}
