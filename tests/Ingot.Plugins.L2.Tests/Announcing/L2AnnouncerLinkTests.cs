using System.Collections.Immutable;
using System.Net;
using Ingot.Plugins.L2.Codec;
using Ingot.Plugins.L2.Election;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>The announcer's reaction to link events: the owner whose announcing interface goes down withdraws at once,
/// tells membership, and plans itself out; when the link returns it is a candidate again.</summary>
public sealed class L2AnnouncerLinkTests : IDisposable
{
    private const string Vip = "192.0.2.200";
    private static readonly string[] Nodes = ["node-a", "node-b", "node-c"];
    private readonly FakeLinks _links = new();
    private readonly FakeResponderFactory _factory = new();
    private readonly FakeLinkMonitor _monitor = new();
    private readonly FencingMembership _membership = new();
    private readonly L2Metrics _metrics = new();
    private readonly FakeTimeProvider _time = new();
    private readonly L2Speaker _speaker;
    private readonly L2Announcer _announcer;
    private readonly ConflictWatcher _conflicts = new(TimeProvider.System);

    public L2AnnouncerLinkTests()
    {
        _links.Current = [Link("eth0"), Link("veth1"), Link("lo")];
        _speaker = new L2Speaker(_links, _factory, new L2Options(), _metrics, _membership, _time, NullLogger<L2Speaker>.Instance);
        _announcer = new L2Announcer(_speaker, _membership, _monitor, _conflicts, _time, NullLogger<L2Announcer>.Instance);
    }

    private static string Owner => L2Election.SortCandidates(Nodes, Vip, new Dictionary<string, int>())[0];

    public void Dispose()
    {
        _announcer.Dispose();
        _speaker.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task OwnersInterfaceDown_WithdrawsAtOnceTellsMembershipPlansItselfOut()
    {
        var (state, allocation) = Scenario();
        var plan = _announcer.Plan(state, allocation);
        await _announcer.ApplyAsync(state, plan, Owner, CancellationToken.None);
        Assert.True(_monitor.Started);
        Assert.True(_speaker.Announces);

        // The veth is no announcing interface (MetalLB's exclusion list): its state does not matter.
        _monitor.Report(new LinkEvent(3, "veth1", LinkEvent.IffUp, OperState.LowerLayerDown, false));
        Assert.True(_speaker.Announces);

        _monitor.Report(new LinkEvent(2, "eth0", LinkEvent.IffUp, OperState.LowerLayerDown, false));
        Assert.False(_speaker.Announces);
        Assert.True(_membership.LinkDown);
        Assert.True(_announcer.LinkDown);
        var svc = Assert.Single(_announcer.Plan(state, allocation).Services);
        Assert.Contains(svc.Skipped, s => s.Node == Owner && s.Reason == L2SkipReasons.LinkDown);
        Assert.NotEqual(Owner, Assert.Single(svc.Announcements).Node);

        _monitor.Report(new LinkEvent(2, "eth0", LinkEvent.IffUp | LinkEvent.IffRunning, OperState.Up, false));
        Assert.False(_membership.LinkDown);
        Assert.True(_speaker.Announces);
        Assert.Equal(Owner, Assert.Single(Assert.Single(_announcer.Plan(state, allocation).Services).Announcements).Node);
    }

    [Fact]
    public async Task AdvertisementNamesAnInterface_OnlyItsStateCounts()
    {
        var (state, allocation) = Scenario(interfaces: ["eth1"]);
        _links.Current = [Link("eth0"), Link("eth1")];
        await _announcer.ApplyAsync(state, _announcer.Plan(state, allocation), Owner, CancellationToken.None);
        _monitor.Report(new LinkEvent(2, "eth0", 0, OperState.Down, false));
        Assert.False(_announcer.LinkDown);
        _monitor.Report(new LinkEvent(3, "eth1", 0, OperState.Down, false));
        Assert.True(_announcer.LinkDown);
        Assert.True(_membership.LinkDown);
    }

    [Fact]
    public async Task ForeignClaim_LowerRankedWithdrawsHigherReannounces()
    {
        var (state, allocation) = Scenario();
        var other = Nodes.First(n => n != Owner);

        // This node is the lower-ranked one; it announces because (say) it thinks the owner dead.
        _announcer.Plan(state, allocation);
        Assert.Equal(Owner, L2Election.Ranking(state, IPAddress.Parse(Vip), [other, Owner])[0]);
        await _announcer.ApplyAsync(state, PlanFor(other, state, allocation), other, CancellationToken.None);
        Assert.True(_speaker.Announces);
        var eth0 = _factory.Opened["eth0"];
        var address = eth0.Table!.V4.Values.Single();
        Learn(Owner, new MacAddress(0x0200_0000_00BBUL));
        _announcer.OnClaimed(new Responding.ForeignClaim("eth0", address, new MacAddress(0x0200_0000_00BBUL)));
        Assert.False(_speaker.Announces);
    }

    [Fact]
    public async Task ForeignClaim_YieldEndsByItself_TheAddressIsAnnouncedAgain()
    {
        var (state, allocation) = Scenario();
        var other = Nodes.First(n => n != Owner);
        _announcer.Plan(state, allocation);
        await _announcer.ApplyAsync(state, PlanFor(other, state, allocation), other, CancellationToken.None);
        var address = _factory.Opened["eth0"].Table!.V4.Values.Single();
        Learn(Owner, new MacAddress(0x0200_0000_00BBUL));
        _announcer.OnClaimed(new Responding.ForeignClaim("eth0", address, new MacAddress(0x0200_0000_00BBUL)));
        Assert.False(_speaker.Announces);

        // Nothing else changes: no pass, no membership event. The yield must still end.
        _time.Advance(L2Announcer.ConflictYield);

        Assert.Equal(L2Election.Plan(state, allocation).ForNode(other).Any(), _speaker.Announces);
    }

    [Fact]
    public async Task ForeignClaim_FromAHigherRankedNodeThisViewHoldsNotReady_Reannounces()
    {
        // The owner by hash is NotReady here: its claim comes from a stale view of its own, so this node keeps the address.
        var (ready, allocation) = Scenario();
        var state = ready with
        {
            Nodes = [.. ready.Nodes.Select(n => n.Name == Owner ? n with { Conditions = ImmutableDictionary<string, string>.Empty.Add("Ready", "False") } : n)],
        };
        var next = L2Election.SortCandidates(Nodes.Where(n => n != Owner), Vip, new Dictionary<string, int>())[0];
        await _announcer.ApplyAsync(state, _announcer.Plan(state, allocation), next, CancellationToken.None);
        var eth0 = _factory.Opened["eth0"];
        Assert.True(_speaker.Announces);
        _time.Advance(TimeSpan.FromMinutes(1));
        var before = eth0.Gratuitous.Count;
        Learn(Owner, new MacAddress(0x0200_0000_00BBUL));

        _announcer.OnClaimed(new Responding.ForeignClaim("eth0", eth0.Table!.V4.Values.Single(), new MacAddress(0x0200_0000_00BBUL)));

        Assert.True(_speaker.Announces);
        Assert.True(eth0.Gratuitous.Count > before);
    }

    [Fact]
    public async Task ForeignClaim_OwnerSendsAGratuitousBurst()
    {
        var (state, allocation) = Scenario();
        await _announcer.ApplyAsync(state, _announcer.Plan(state, allocation), Owner, CancellationToken.None);
        var eth0 = _factory.Opened["eth0"];

        // After the take-over burst has ended, so the claim starts a new one (during a burst it extends it).
        _time.Advance(TimeSpan.FromMinutes(1));
        var before = eth0.Gratuitous.Count;
        var other = Nodes.First(n => n != Owner);
        Learn(other, new MacAddress(0x0200_0000_00CCUL));
        _announcer.OnClaimed(new Responding.ForeignClaim("eth0", eth0.Table!.V4.Values.Single(), new MacAddress(0x0200_0000_00CCUL)));
        Assert.True(_speaker.Announces);
        Assert.True(eth0.Gratuitous.Count > before);
    }

    /// <summary>A plan in which <paramref name="node"/> owns the address, as its stale view might say.</summary>
    private static Ingot.Sdk.Announcement.AnnouncementPlan PlanFor(string node, ClusterState state, AllocationResult allocation) => new()
    {
        Protocol = "layer2",
        Services =
        [
            new Ingot.Sdk.Announcement.ServiceAnnouncements
            {
                Service = state.Services[0].Key,
                Announcements = [new Ingot.Sdk.Announcement.Announcement { Protocol = "layer2", Node = node, Addresses = allocation.Assignments[0].Addresses }],
            },
        ],
    };

    /// <summary>Teaches the watcher a node's MAC the way the capture does: an ARP frame from its InternalIP.</summary>
    private void Learn(string node, MacAddress mac)
    {
        var ip = 0xC000_0201u + (uint)Array.IndexOf(Nodes, node);
        _conflicts.SetNodes(new Dictionary<uint, string> { [ip] = node });
        var frame = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteRequest(frame, mac, ip, 0xC000_02FE);
        _conflicts.Observe("eth0", frame, new Responding.ResponderTable(new MacAddress(1), null, []));
    }

    private static LinkInfo Link(string name) => new()
    {
        Name = name,
        Index = name.Length,
        Mac = new MacAddress(0x0200_0000_0001UL + (ulong)name.Length),
        IsUp = true,
        IsBroadcast = true,
    };

    private static (ClusterState State, AllocationResult Allocation) Scenario(string[]? interfaces = null)
    {
        var ad = new L2Advertisement { Name = "l2", Pools = ["lab"], Interfaces = interfaces ?? [] };
        var pool = new AddressPool { Name = "lab", Cidrs = [IPNetwork.Parse("192.0.2.192/27")], L2Advertisements = [ad] };
        var service = new ServiceInfo { Namespace = "default", Name = "web", Type = "LoadBalancer", StatusAddresses = [IPAddress.Parse(Vip)] };
        var state = new ClusterState
        {
            Services = [service],
            Nodes = Nodes.Select(n => new NodeInfo { Name = n, Conditions = ImmutableDictionary<string, string>.Empty.Add("Ready", "True") }).ToList(),
            EndpointSlices =
            [
                new EndpointSliceInfo
                {
                    Namespace = "default",
                    Name = "web-1",
                    ServiceName = "web",
                    Endpoints = [new EndpointInfo { NodeName = "node-a", Ready = true, Addresses = ["10.244.0.5"] }],
                },
            ],
            Configuration = new MetalLbConfiguration { Pools = ImmutableSortedDictionary<string, AddressPool>.Empty.Add("lab", pool), L2Advertisements = [ad] },
        };
        var allocation = new AllocationResult
        {
            Assignments = [new ServiceAssignment { Service = service.Key, Addresses = [IPAddress.Parse(Vip)], Pool = "lab" }],
        };
        return (state, allocation);
    }
}
