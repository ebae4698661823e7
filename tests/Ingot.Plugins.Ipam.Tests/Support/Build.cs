using System.Collections.Immutable;
using System.Net;
using Ingot.Plugins.Ipam.Metrics;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Ipam.Tests.Support;

/// <summary>Builds snapshots the way the parser and sources would, so tests read like the MetalLB cases they follow.</summary>
internal static class Build
{
    public static AddressPool Pool(string name, params string[] cidrs) => new()
    {
        Name = name,
        Cidrs = cidrs.Select(Cidr).ToArray(),
    };

    public static IPNetwork Cidr(string text)
    {
        var network = IPNetwork.Parse(text);
        return network;
    }

    public static AddressPool InNamespaces(this AddressPool pool, params string[] namespaces) => pool with
    {
        Allocation = (pool.Allocation ?? new ServiceAllocationPolicy()) with { Namespaces = namespaces.ToImmutableHashSet() },
    };

    public static AddressPool ForLabels(this AddressPool pool, params (string Key, string Value)[] labels) => pool with
    {
        Allocation = (pool.Allocation ?? new ServiceAllocationPolicy()) with
        {
            ServiceSelectors = [.. (pool.Allocation?.ServiceSelectors ?? []),
                new LabelSelector { MatchLabels = labels.ToImmutableDictionary(l => l.Key, l => l.Value) }],
        },
    };

    public static AddressPool WithPriority(this AddressPool pool, int priority) => pool with
    {
        Allocation = (pool.Allocation ?? new ServiceAllocationPolicy { ServiceSelectors = [LabelSelector.Everything] }) with { Priority = priority },
    };

    public static AddressPool Manual(this AddressPool pool) => pool with { AutoAssign = false };

    public static AddressPool AvoidBuggy(this AddressPool pool) => pool with { AvoidBuggyIPs = true };

    /// <summary>A single-stack IPv4 LoadBalancer Service with TCP/80, Cluster policy.</summary>
    public static ServiceInfo Service(string key, params string[] status)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return new ServiceInfo
        {
            Namespace = key[..slash],
            Name = key[(slash + 1)..],
            Type = "LoadBalancer",
            ClusterIPs = ["10.96.0.10"],
            IpFamilies = ["IPv4"],
            Ports = [new ServicePort("TCP", 80)],
            Selector = ImmutableDictionary<string, string>.Empty.Add("app", key[(slash + 1)..]),
            StatusAddresses = status.Select(IPAddress.Parse).ToArray(),
        };
    }

    public static ServiceInfo IPv6(this ServiceInfo service) => service with { ClusterIPs = ["fd00::10"], IpFamilies = ["IPv6"] };

    public static ServiceInfo Dual(this ServiceInfo service, IpFamilyPolicy policy, bool ipv6First = false) => service with
    {
        ClusterIPs = ipv6First ? ["fd00::10", "10.96.0.10"] : ["10.96.0.10", "fd00::10"],
        IpFamilies = ipv6First ? ["IPv6", "IPv4"] : ["IPv4", "IPv6"],
        IpFamilyPolicy = policy,
    };

    public static ServiceInfo Annotated(this ServiceInfo service, string key, string value) => service with
    {
        Annotations = service.Annotations.ToImmutableDictionary().SetItem(key, value),
    };

    public static ServiceInfo Labelled(this ServiceInfo service, string key, string value) => service with
    {
        Labels = service.Labels.ToImmutableDictionary().SetItem(key, value),
    };

    public static ServiceInfo Ports(this ServiceInfo service, params string[] ports) => service with
    {
        Ports = ports.Select(p => new ServicePort(p.Split('/')[0].ToUpperInvariant(), int.Parse(p.Split('/')[1]))).ToArray(),
    };

    public static ServiceInfo Shared(this ServiceInfo service, string key, params string[] ports)
        => service.Annotated("metallb.io/allow-shared-ip", key).Ports(ports);

    public static ServiceInfo Local(this ServiceInfo service, params (string Key, string Value)[] selector) => service with
    {
        ExternalTrafficPolicy = TrafficPolicy.Local,
        Selector = selector.Length == 0 ? service.Selector : selector.ToImmutableDictionary(l => l.Key, l => l.Value),
    };

    public static ClusterState State(IEnumerable<AddressPool> pools, params ServiceInfo[] services) => new()
    {
        Configuration = new MetalLbConfiguration
        {
            Pools = pools.ToImmutableSortedDictionary(p => p.Name, p => p, StringComparer.Ordinal),
        },
        Services = services,
    };

    public static AllocationResult Allocate(ClusterState state, string? lbClass = null)
    {
        using var metrics = new IpamMetrics();
        return new MetalLbAllocator(new IpamOptions { LoadBalancerClass = lbClass }, metrics).Allocate(state);
    }

    public static AllocationResult Allocate(IEnumerable<AddressPool> pools, params ServiceInfo[] services)
        => Allocate(State(pools, services));

    public static ServiceAssignment For(this AllocationResult result, string key)
        => result.Assignments.Single(a => a.Service.ToString() == key);

    /// <summary>The addresses as text, in status order.</summary>
    public static string[] Ips(this AllocationResult result, string key)
        => result.For(key).Addresses.Select(a => a.ToString()).ToArray();

    /// <summary>Feeds a result back as the Services' status, as a source would after writing it.</summary>
    public static ClusterState WithStatus(this ClusterState state, AllocationResult result) => state with
    {
        Services = state.Services.Select(s =>
        {
            var assignment = result.Assignments.FirstOrDefault(a => a.Service == s.Key);
            return assignment is null ? s : s with { StatusAddresses = assignment.Addresses };
        }).ToArray(),
    };
}
