using System.Collections.Immutable;
using System.Net;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Bench.Ipam;

/// <summary>
/// A deterministic cluster: one main pool (an IPv4 /16 or /8 and an IPv6 /64) plus two small pinned pools; 45% IPv4,
/// 45% IPv6 and 10% RequireDualStack Services over ten namespaces, a tenth of them sharing addresses in small groups,
/// one namespace and a label pinned to their own pools (which fill up and fall back to the main pool).
/// </summary>
internal static class Workload
{
    public static MetalLbConfiguration Configuration(int ipv4PrefixLength)
    {
        AddressPool[] pools =
        [
            new()
            {
                Name = "main",
                Cidrs = [new IPNetwork(IPAddress.Parse(ipv4PrefixLength == 8 ? "10.0.0.0" : "198.18.0.0"), ipv4PrefixLength), IPNetwork.Parse("2001:db8::/64")],
            },
            new()
            {
                Name = "team-0",
                Cidrs = [IPNetwork.Parse("198.19.0.0/24")],
                Allocation = new ServiceAllocationPolicy { Priority = 10, Namespaces = ImmutableHashSet.Create("team-0") },
            },
            new()
            {
                Name = "gold",
                Cidrs = [IPNetwork.Parse("198.19.1.0/24"), IPNetwork.Parse("2001:db8:1::/120")],
                Allocation = new ServiceAllocationPolicy
                {
                    Priority = 5,
                    ServiceSelectors = [new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("tier", "gold") }],
                },
            },
        ];
        return new MetalLbConfiguration { Pools = pools.ToImmutableSortedDictionary(p => p.Name, p => p, StringComparer.Ordinal) };
    }

    public static ServiceInfo[] Services(int count)
    {
        var services = new ServiceInfo[count];
        var none = ImmutableDictionary<string, string>.Empty;
        for (var i = 0; i < count; i++)
        {
            var kind = i % 20;
            var (clusterIPs, families, policy) = kind switch
            {
                < 2 => ((string[])["10.96.0.1", "fd00::1"], (string[])["IPv4", "IPv6"], (IpFamilyPolicy?)IpFamilyPolicy.RequireDualStack),
                < 11 => (["10.96.0.1"], ["IPv4"], null),
                _ => (["fd00::1"], ["IPv6"], null),
            };
            var shared = i % 10 == 3;
            services[i] = new ServiceInfo
            {
                Namespace = $"team-{i % 10}",
                Name = $"svc-{i:D6}",
                Type = "LoadBalancer",
                Labels = i % 50 == 7 ? none.Add("tier", "gold") : none,
                Annotations = shared ? none.Add("metallb.io/allow-shared-ip", $"g{i / 40}") : none,
                ClusterIPs = clusterIPs,
                IpFamilies = families,
                IpFamilyPolicy = policy,
                Ports = [new ServicePort("TCP", shared ? 1000 + (i % 40) : 80)],
            };
        }

        return services;
    }

    /// <summary>The same Services holding the addresses a previous pass gave them: a restart.</summary>
    public static ServiceInfo[] Restarted(ServiceInfo[] services, Ingot.Sdk.Allocation.AllocationResult result)
    {
        var byKey = result.Assignments.ToDictionary(a => a.Service);
        return services.Select(s => byKey.TryGetValue(s.Key, out var a) ? s with { StatusAddresses = a.Addresses } : s).ToArray();
    }
}
