using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using Ingot.Plugins.L2;
using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Election;
using Ingot.Plugins.L2.Membership;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Bench.L2;

/// <summary>
/// <c>takeover [--services 10000] [--nodes 1000] [--trials 3]</c>: in one process, no network. An owner dies; measures
/// the time from the membership change reaching the announcer to the first gratuitous round for its addresses (the fast
/// path), and, as the reference in the same run, one full election over every Service (what ran before the first send
/// without it). Prints both medians and their ratio.
/// </summary>
internal static class Takeover
{
    public static int Run(Dictionary<string, List<string>> options)
    {
        int Get(string key, int fallback) => options.TryGetValue(key, out var v) ? int.Parse(v[0], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var serviceCount = Get("--services", 10_000);
        var nodeCount = Get("--nodes", 1_000);
        var trials = Get("--trials", 3);
        var nodes = Enumerable.Range(0, nodeCount).Select(i => $"node-{i:D4}").ToArray();
        var self = nodes[0];
        var (state, allocation) = Scenario(nodes, serviceCount);
        var fast = new List<double>();
        var full = new List<double>();
        var taken = 0;
        for (var t = 0; t < trials; t++)
        {
            var membership = new BenchMembership(Snapshot(nodes, self, dead: null));
            var responders = new BenchResponders();
            using var metrics = new L2Metrics();
            using var speaker = new L2Speaker(new OneLink(), responders, new L2Options(), metrics, membership, TimeProvider.System, NullLogger<L2Speaker>.Instance);
            using var announcer = new L2Announcer(speaker, membership, new NoLinkEvents(), new ConflictWatcher(TimeProvider.System), TimeProvider.System, NullLogger<L2Announcer>.Instance);
            announcer.ApplyAsync(state, announcer.Plan(state, allocation), self, CancellationToken.None).AsTask().Wait();
            L2Election.Plan(state, allocation, Snapshot(nodes, self, dead: null), self, out var index);
            var (owner, list) = index.ByOwner.MaxBy(p => p.Value.Count);
            taken = list.Count;

            var clock = new Stopwatch();
            responders.First = () => fast.Add(clock.Elapsed.TotalMilliseconds);
            clock.Start();
            membership.Publish(Snapshot(nodes, self, dead: owner));

            var reference = Stopwatch.StartNew();
            L2Election.Plan(state, allocation, Snapshot(nodes, self, dead: owner));
            full.Add(reference.Elapsed.TotalMilliseconds);
        }

        double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        Console.WriteLine($"services={serviceCount} nodes={nodeCount} trials={trials} taken_over={taken}");
        Console.WriteLine($"first_gratuitous_ms_median={Median(fast):F3} full_election_ms_median={Median(full):F1} ratio={Median(fast) / Median(full):F5}");
        return 0;
    }

    private static MembershipSnapshot Snapshot(string[] nodes, string self, string? dead) => new()
    {
        Mode = MembershipMode.Active,
        Self = self,
        SelfSettled = true,
        Members = nodes.Where(n => n != self).ToImmutableDictionary(
            n => n,
            n => new MemberInfo(n, n == dead ? MemberState.Dead : MemberState.Alive, 1, DateTimeOffset.UnixEpoch) { Settled = true },
            StringComparer.Ordinal),
    };

    private static (ClusterState, AllocationResult) Scenario(string[] nodes, int count)
    {
        var ad = new L2Advertisement { Name = "l2", Pools = ["lab"] };
        var pool = new AddressPool { Name = "lab", Cidrs = [IPNetwork.Parse("2001:db8::/64")], L2Advertisements = [ad] };
        var services = Enumerable.Range(1, count).Select(i => new ServiceInfo
        {
            Namespace = "default",
            Name = $"svc-{i}",
            Type = "LoadBalancer",
            StatusAddresses = [IPAddress.Parse($"2001:db8::{i:x}")],
        }).ToList();
        var state = new ClusterState
        {
            Services = services,
            Nodes = nodes.Select(n => new NodeInfo { Name = n, Conditions = ImmutableDictionary<string, string>.Empty.Add("Ready", "True") }).ToList(),
            EndpointSlices = services.Select(s => new EndpointSliceInfo
            {
                Namespace = "default",
                Name = s.Name + "-1",
                ServiceName = s.Name,
                Endpoints = [new EndpointInfo { NodeName = nodes[1], Ready = true, Addresses = ["10.244.0.5"] }],
            }).ToList(),
            Configuration = new MetalLbConfiguration { Pools = ImmutableSortedDictionary<string, AddressPool>.Empty.Add("lab", pool), L2Advertisements = [ad] },
        };
        var allocation = new AllocationResult
        {
            Assignments = services.Select(s => new ServiceAssignment { Service = s.Key, Addresses = s.StatusAddresses, Pool = "lab" }).ToList(),
        };
        return (state, allocation);
    }
}
