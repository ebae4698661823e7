using System.Collections.Immutable;
using System.Net;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Tests;

/// <summary>Builds ClusterState + allocation for BGP tests: one pool with the given advertisements, node-a, ready endpoints.</summary>
internal static class BgpScenario
{
    public const string Node = "node-a";

    public static (ClusterState State, AllocationResult Allocation) Build(IReadOnlyList<BgpPeer> peers, IReadOnlyList<BgpAdvertisement> ads, params (string Name, string[] Ips)[] services)
    {
        var pool = new AddressPool
        {
            Name = "pool",
            Cidrs = [IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("2001:db8::/32")],
            BgpAdvertisements = ads,
        };
        var config = new MetalLbConfiguration
        {
            Pools = ImmutableSortedDictionary<string, AddressPool>.Empty.Add("pool", pool),
            BgpAdvertisements = ads,
            Peers = peers.ToImmutableSortedDictionary(p => p.Name, p => p, StringComparer.Ordinal),
        };
        var state = new ClusterState
        {
            Configuration = config,
            Nodes = [new NodeInfo { Name = Node }],
            Services = services.Select(s => new ServiceInfo { Namespace = "default", Name = s.Name, Type = "LoadBalancer" }).ToList(),
            EndpointSlices = services.Select(s => new EndpointSliceInfo
            {
                Namespace = "default",
                Name = s.Name + "-1",
                ServiceName = s.Name,
                Endpoints = [new EndpointInfo { Addresses = ["10.0.0.1"], NodeName = Node, Ready = true }],
            }).ToList(),
        };
        var allocation = new AllocationResult
        {
            Assignments = services.Select(s => new ServiceAssignment
            {
                Service = new ServiceKey("default", s.Name),
                Addresses = s.Ips.Select(IPAddress.Parse).ToList(),
                Pool = "pool",
            }).ToList(),
        };
        return (state, allocation);
    }
}
