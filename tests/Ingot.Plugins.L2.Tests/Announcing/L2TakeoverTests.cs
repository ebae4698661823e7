using System.Collections.Immutable;
using System.Net;
using Ingot.Plugins.L2.Codec;
using Ingot.Plugins.L2.Election;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Plugins.L2.Membership;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>
/// The takeover fast path, by counting work, not time: when an owner dies, the first gratuitous announcements of its
/// addresses leave before any Service is re-elected, and they are exactly the addresses ranked in advance for this
/// node, not a pass over every Service.
/// </summary>
public sealed class L2TakeoverTests : IDisposable
{
    private const string Self = "node-00";
    private const int NodeCount = 20;
    private const int ServiceCount = 600;
    private static readonly string[] Nodes = Enumerable.Range(0, NodeCount).Select(i => $"node-{i:D2}").ToArray();
    private readonly FakeLinks _links = new() { Current = [new LinkInfo { Name = "eth0", Index = 2, Mac = new MacAddress(0x0200_0000_0001UL), IsUp = true, IsBroadcast = true }] };
    private readonly FakeResponderFactory _factory = new();
    private readonly L2Metrics _metrics = new();
    private readonly ScriptedMembership _membership = new(Snapshot(dead: null));
    private readonly L2Speaker _speaker;
    private readonly L2Announcer _announcer;

    public L2TakeoverTests()
    {
        _speaker = new L2Speaker(_links, _factory, new L2Options(), _metrics, _membership, new FakeTimeProvider(), NullLogger<L2Speaker>.Instance);
        _announcer = new L2Announcer(_speaker, _membership, new FakeLinkMonitor(), new ConflictWatcher(TimeProvider.System), TimeProvider.System, NullLogger<L2Announcer>.Instance);
    }

    public void Dispose()
    {
        _announcer.Dispose();
        _speaker.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task OwnerDies_FirstGratuitousBeforeAnyElection_OnlyTheRankedAddresses()
    {
        var (state, allocation) = Scenario();
        await _announcer.ApplyAsync(state, _announcer.Plan(state, allocation), Self, CancellationToken.None);
        var eth0 = _factory.Opened["eth0"];

        // The owner this node is next in line for most often.
        L2Election.Plan(state, allocation, Snapshot(dead: null), Self, out var index);
        var (owner, expected) = index.ByOwner.MaxBy(p => p.Value.Count);
        var expectedAddresses = expected.SelectMany(t => t.Announcement.Addresses).Select(a => a.ToString()).ToHashSet();
        Assert.InRange(expectedAddresses.Count, 1, ServiceCount / 4);

        var electionsBefore = _announcer.Elections;
        var beforeElection = new List<string>();
        eth0.Sending = a =>
        {
            if (_announcer.Elections == electionsBefore)
            {
                beforeElection.Add(a.Text);
            }
        };
        _membership.Publish(Snapshot(dead: owner));

        Assert.Equal(expectedAddresses.Order(), beforeElection.Distinct().Order());
        Assert.Equal(electionsBefore + 1, _announcer.Elections); // the full election still runs, after
        Assert.All(expectedAddresses, a => Assert.True(eth0.Table!.V6.ContainsKey(Ipv6Addresses.FromIPAddress(IPAddress.Parse(a)))));
    }

    [Fact]
    public async Task NoOwnerWent_NoFastPath()
    {
        var (state, allocation) = Scenario();
        await _announcer.ApplyAsync(state, _announcer.Plan(state, allocation), Self, CancellationToken.None);
        var eth0 = _factory.Opened["eth0"];
        var electionsBefore = _announcer.Elections;
        var beforeElection = 0;
        eth0.Sending = _ => beforeElection += _announcer.Elections == electionsBefore ? 1 : 0;
        _membership.Publish(Snapshot(dead: null) with { Taken = DateTimeOffset.UnixEpoch.AddSeconds(1) });
        Assert.Equal(0, beforeElection);
    }

    private static MembershipSnapshot Snapshot(string? dead) => new()
    {
        Mode = MembershipMode.Active,
        Self = Self,
        SelfSettled = true,
        Members = Nodes.Where(n => n != Self).ToImmutableDictionary(
            n => n,
            n => new MemberInfo(n, n == dead ? MemberState.Dead : MemberState.Alive, 1, DateTimeOffset.UnixEpoch) { Settled = true },
            StringComparer.Ordinal),
    };

    private static (ClusterState State, AllocationResult Allocation) Scenario()
    {
        var ad = new L2Advertisement { Name = "l2", Pools = ["lab"] };
        var pool = new AddressPool { Name = "lab", Cidrs = [IPNetwork.Parse("2001:db8::/64")], L2Advertisements = [ad] };
        var services = Enumerable.Range(1, ServiceCount).Select(i => new ServiceInfo
        {
            Namespace = "default",
            Name = $"svc-{i}",
            Type = "LoadBalancer",
            StatusAddresses = [IPAddress.Parse($"2001:db8::{i:x}")],
        }).ToList();
        var state = new ClusterState
        {
            Services = services,
            Nodes = Nodes.Select(n => new NodeInfo { Name = n, Conditions = ImmutableDictionary<string, string>.Empty.Add("Ready", "True") }).ToList(),
            EndpointSlices = services.Select(s => new EndpointSliceInfo
            {
                Namespace = "default",
                Name = s.Name + "-1",
                ServiceName = s.Name,
                Endpoints = [new EndpointInfo { NodeName = "node-01", Ready = true, Addresses = ["10.244.0.5"] }],
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
