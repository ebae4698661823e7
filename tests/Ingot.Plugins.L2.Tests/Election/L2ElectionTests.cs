using System.Collections.Immutable;
using System.Net;
using Ingot.Plugins.L2.Membership;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.L2.Election.Tests;

public class L2ElectionTests
{
    private const string Vip = "192.0.2.200";

    // MetalLB speaker/layer2_controller_test.go TestSortL2Candidates.
    [Theory]
    [InlineData("10.0.0.1", "node-b,node-a,node-c")]
    [InlineData("10.0.0.2", "node-b,node-c,node-a")]
    public void SortCandidates_MetalLbVectors_SameOrder(string ip, string expected)
    {
        var sorted = L2Election.SortCandidates(["node-a", "node-b", "node-c"], ip, new Dictionary<string, int>());
        Assert.Equal(expected.Split(','), sorted);
    }

    [Fact]
    public void SortCandidates_PreferenceScores_WinBeforeHash()
    {
        var scores = new Dictionary<string, int> { ["edge-a"] = 100, ["edge-b"] = 100 };
        var sorted = L2Election.SortCandidates(["core-b", "edge-a", "core-a", "edge-b"], "10.20.30.1", scores);
        Assert.Equal(["edge-b", "edge-a", "core-a", "core-b"], sorted);
    }

    [Fact]
    public void SortCandidates_HigherScore_First()
    {
        var scores = new Dictionary<string, int> { ["node-c"] = 10, ["node-a"] = 50 };
        Assert.Equal(["node-a", "node-c", "node-b"], L2Election.SortCandidates(["node-a", "node-b", "node-c"], "10.0.0.1", scores));
    }

    [Fact]
    public void Plan_ThreeNodes_WinnerAnnouncesAllAddressesOthersNotOwner()
    {
        var (state, allocation) = Scenario(addresses: [Vip, "2001:db8::c8"]);
        var plan = L2Election.Plan(state, allocation);
        var svc = Assert.Single(plan.Services);
        var winner = Winner(Vip);
        var a = Assert.Single(svc.Announcements);
        Assert.Equal("layer2", a.Protocol);
        Assert.Equal(winner, a.Node);
        Assert.Equal([IPAddress.Parse(Vip), IPAddress.Parse("2001:db8::c8")], a.Addresses);
        Assert.Equal(["eth0"], a.Interfaces);
        Assert.Equal(2, svc.Skipped.Count);
        Assert.All(svc.Skipped, s => Assert.Equal(L2SkipReasons.NotOwner, s.Reason));
        Assert.DoesNotContain(svc.Skipped, s => s.Node == winner);
    }

    [Fact]
    public void Plan_NoUsableEndpoint_EveryNodeNotOwner()
    {
        var (state, allocation) = Scenario(endpoints: [new EndpointInfo { NodeName = "node-a", Ready = false, Serving = false }]);
        var svc = Assert.Single(L2Election.Plan(state, allocation).Services);
        Assert.Empty(svc.Announcements);
        Assert.Equal(3, svc.Skipped.Count);
        Assert.All(svc.Skipped, s => Assert.Equal(L2SkipReasons.NotOwner, s.Reason));
    }

    [Fact]
    public void Plan_ServingButNotReadyEndpoint_Usable()
    {
        var (state, allocation) = Scenario(endpoints: [new EndpointInfo { NodeName = "node-a", Ready = false, Serving = true }]);
        Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements);
    }

    [Fact]
    public void Plan_WinnerNotReady_NextCandidateAnnounces()
    {
        var winner = Winner(Vip);
        var (state, allocation) = Scenario(nodeEdit: n => n.Name == winner ? n with { Conditions = Cond("Ready", "False") } : n);
        var svc = Assert.Single(L2Election.Plan(state, allocation).Services);
        var expected = L2Election.SortCandidates(new[] { "node-a", "node-b", "node-c" }.Where(n => n != winner), Vip, new Dictionary<string, int>())[0];
        Assert.Equal(expected, Assert.Single(svc.Announcements).Node);
        Assert.Contains(svc.Skipped, s => s.Node == winner && s.Reason == L2SkipReasons.NotOwner);
    }

    private static MembershipSnapshot Membership(string self, params (string Node, MemberState State, bool Settled)[] members) => new()
    {
        Mode = MembershipMode.Active,
        Self = self,
        SelfSettled = true,
        Members = members.ToImmutableDictionary(
            m => m.Node,
            m => new MemberInfo(m.Node, m.State, 1, DateTimeOffset.UnixEpoch) { Settled = m.Settled },
            StringComparer.Ordinal),
    };

    [Fact]
    public void Plan_WinnersSpeakerDead_NextCandidateAnnounces_SkipSaysSpeakerNotAlive()
    {
        var winner = Winner(Vip);
        var others = new[] { "node-a", "node-b", "node-c" }.Where(n => n != winner).ToList();
        var (state, allocation) = Scenario();
        var membership = Membership(others[0], (winner, MemberState.Dead, false), (others[1], MemberState.Alive, true));
        var svc = Assert.Single(L2Election.Plan(state, allocation, membership).Services);
        Assert.Equal(L2Election.SortCandidates(others, Vip, new Dictionary<string, int>())[0], Assert.Single(svc.Announcements).Node);
        Assert.Contains(svc.Skipped, s => s.Node == winner && s.Reason == L2SkipReasons.SpeakerNotAlive);
    }

    [Fact]
    public void Plan_ReturningWinnerNotSettled_AddressStaysUntilItIs()
    {
        var winner = Winner(Vip);
        var others = new[] { "node-a", "node-b", "node-c" }.Where(n => n != winner).ToList();
        var (state, allocation) = Scenario();
        var returning = Membership(others[0], (winner, MemberState.Alive, false), (others[1], MemberState.Alive, true));
        Assert.NotEqual(winner, Assert.Single(Assert.Single(L2Election.Plan(state, allocation, returning).Services).Announcements).Node);
        var settled = Membership(others[0], (winner, MemberState.Alive, true), (others[1], MemberState.Alive, true));
        Assert.Equal(winner, Assert.Single(Assert.Single(L2Election.Plan(state, allocation, settled).Services).Announcements).Node);
    }

    [Fact]
    public void Plan_FallbackMode_IsTheReadinessElection()
    {
        var winner = Winner(Vip);
        var (state, allocation) = Scenario();
        var fallback = Membership("node-a", (winner, MemberState.Unknown, false)) with { Mode = MembershipMode.Fallback };
        Assert.Equal(winner, Assert.Single(Assert.Single(L2Election.Plan(state, allocation, fallback).Services).Announcements).Node);
    }

    [Fact]
    public void Plan_NetworkUnavailableNode_NotCandidate()
    {
        var winner = Winner(Vip);
        var (state, allocation) = Scenario(nodeEdit: n => n.Name == winner ? n with { Conditions = Cond("NetworkUnavailable", "True") } : n);
        Assert.NotEqual(winner, Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements).Node);
    }

    [Fact]
    public void Plan_ExcludeLabel_NotCandidate()
    {
        var winner = Winner(Vip);
        var (state, allocation) = Scenario(nodeEdit: n => n.Name == winner
            ? n with { Labels = ImmutableDictionary<string, string>.Empty.Add(NodeInfo.ExcludeFromLoadBalancersLabel, "") }
            : n);
        Assert.NotEqual(winner, Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements).Node);
    }

    [Fact]
    public void Plan_NodeSelectors_OnlySelectedAnnounceOthersNoMatchingAdvertisement()
    {
        var ad = Ad() with { NodeSelectors = [Selector("zone", "b")] };
        var (state, allocation) = Scenario(ads: [ad], nodeEdit: n => n.Name == "node-b" ? n with { Labels = Labels("zone", "b") } : n);
        var svc = Assert.Single(L2Election.Plan(state, allocation).Services);
        Assert.Equal("node-b", Assert.Single(svc.Announcements).Node);
        Assert.Equal(2, svc.Skipped.Count);
        Assert.All(svc.Skipped, s => Assert.Equal(L2SkipReasons.NoMatchingAdvertisement, s.Reason));
    }

    [Fact]
    public void Plan_ServiceSelectorNotMatching_NoMatchingAdvertisement()
    {
        var ad = Ad() with { ServiceSelectors = [Selector("app", "other")] };
        var (state, allocation) = Scenario(ads: [ad]);
        var svc = Assert.Single(L2Election.Plan(state, allocation).Services);
        Assert.Empty(svc.Announcements);
        Assert.All(svc.Skipped, s => Assert.Equal(L2SkipReasons.NoMatchingAdvertisement, s.Reason));
    }

    [Fact]
    public void Plan_PoolWithoutL2Advertisement_NoMatchingAdvertisement()
    {
        var (state, allocation) = Scenario(ads: []);
        var svc = Assert.Single(L2Election.Plan(state, allocation).Services);
        Assert.Empty(svc.Announcements);
        Assert.Equal(3, svc.Skipped.Count(s => s.Reason == L2SkipReasons.NoMatchingAdvertisement));
    }

    [Fact]
    public void Plan_SharedIpWithServiceSelector_Refused()
    {
        var ad = Ad() with { ServiceSelectors = [Selector("app", "web")] };
        var (state, allocation) = Scenario(ads: [ad], serviceEdit: s => s with
        {
            Annotations = ImmutableDictionary<string, string>.Empty.Add("metallb.io/allow-shared-ip", "key"),
        });
        var svc = Assert.Single(L2Election.Plan(state, allocation).Services);
        Assert.Empty(svc.Announcements);
        Assert.All(svc.Skipped, s => Assert.Equal(L2SkipReasons.SharedIPWithServiceSelector, s.Reason));
    }

    [Fact]
    public void Plan_SharedIpWithoutServiceSelector_Announced()
    {
        var (state, allocation) = Scenario(serviceEdit: s => s with
        {
            Annotations = ImmutableDictionary<string, string>.Empty.Add("metallb.universe.tf/allow-shared-ip", "key"),
        });
        Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements);
    }

    [Fact]
    public void Plan_LocalTrafficPolicy_OnlyNodesWithEndpoint()
    {
        var loser = L2Election.SortCandidates(["node-a", "node-b", "node-c"], Vip, new Dictionary<string, int>())[2];
        var (state, allocation) = Scenario(
            endpoints: [new EndpointInfo { NodeName = loser, Ready = true }],
            serviceEdit: s => s with { ExternalTrafficPolicy = TrafficPolicy.Local });
        Assert.Equal(loser, Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements).Node);
    }

    [Fact]
    public void Plan_LocalTrafficPolicyEndpointOnExcludedNode_NobodyAnnounces()
    {
        var (state, allocation) = Scenario(
            endpoints: [new EndpointInfo { NodeName = "node-a", Ready = true }],
            serviceEdit: s => s with { ExternalTrafficPolicy = TrafficPolicy.Local },
            nodeEdit: n => n.Name == "node-a" ? n with { Conditions = Cond("NetworkUnavailable", "True") } : n);
        var svc = Assert.Single(L2Election.Plan(state, allocation).Services);
        Assert.Empty(svc.Announcements);
        Assert.All(svc.Skipped, s => Assert.Equal(L2SkipReasons.NotOwner, s.Reason));
    }

    [Fact]
    public void Plan_PreferredNodeSelector_HighestScoreWins()
    {
        var loser = L2Election.SortCandidates(["node-a", "node-b", "node-c"], Vip, new Dictionary<string, int>())[2];
        var ad = Ad() with { PreferredNodeSelectors = [new PreferredNodeSelector(50, Selector("tier", "edge"))] };
        var (state, allocation) = Scenario(ads: [ad], nodeEdit: n => n.Name == loser ? n with { Labels = Labels("tier", "edge") } : n);
        Assert.Equal(loser, Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements).Node);
    }

    [Fact]
    public void Plan_PreferredNodeNotEligibleUnderItsAd_ScoresZero()
    {
        // The preferring ad selects only zone=x; the edge node is not in it, so its preference does not count there.
        var loser = L2Election.SortCandidates(["node-a", "node-b", "node-c"], Vip, new Dictionary<string, int>())[2];
        var preferring = Ad("pref") with
        {
            NodeSelectors = [Selector("zone", "x")],
            PreferredNodeSelectors = [new PreferredNodeSelector(50, Selector("tier", "edge"))],
        };
        var (state, allocation) = Scenario(ads: [Ad(), preferring], nodeEdit: n => n.Name == loser ? n with { Labels = Labels("tier", "edge") } : n);
        Assert.Equal(Winner(Vip), Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements).Node);
    }

    [Fact]
    public void Plan_AdsWithAndWithoutInterfaces_AllInterfaces()
    {
        var (state, allocation) = Scenario(ads: [Ad("one") with { Interfaces = ["eth1"] }, Ad("two") with { Interfaces = [] }]);
        Assert.Empty(Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements).Interfaces);
    }

    [Fact]
    public void Plan_AdsWithInterfaces_UnionSorted()
    {
        var (state, allocation) = Scenario(ads: [Ad("one") with { Interfaces = ["eth1", "eth0"] }, Ad("two") with { Interfaces = ["bond0", "eth0"] }]);
        Assert.Equal(["bond0", "eth0", "eth1"], Assert.Single(Assert.Single(L2Election.Plan(state, allocation).Services).Announcements).Interfaces);
    }

    [Fact]
    public void Plan_AddressOutsideEveryPool_IpNotAllowed()
    {
        var (state, allocation) = Scenario(addresses: ["198.51.100.7"], pool: null);
        var svc = Assert.Single(L2Election.Plan(state, allocation).Services);
        Assert.All(svc.Skipped, s => Assert.Equal(L2SkipReasons.IPNotAllowed, s.Reason));
    }

    [Fact]
    public void Plan_ServiceWithoutAddresses_Omitted()
    {
        var (state, _) = Scenario();
        var allocation = new AllocationResult { Assignments = [new ServiceAssignment { Service = new("default", "web"), Error = "no pool" }] };
        Assert.Empty(L2Election.Plan(state, allocation).Services);
    }

    [Fact]
    public void Plan_SameSnapshot_SameResult()
    {
        var (state, allocation) = Scenario();
        var first = L2Election.Plan(state, allocation);
        var second = L2Election.Plan(state, allocation);
        var a = first.Services[0].Announcements[0];
        var b = second.Services[0].Announcements[0];
        Assert.Equal(a.Node, b.Node);
        Assert.Equal(a.Addresses, b.Addresses);
        Assert.Equal(a.Interfaces, b.Interfaces);
        Assert.Equal(first.Services[0].Skipped, second.Services[0].Skipped);
    }

    [Fact]
    public void Plan_WinnersLinkDown_NextCandidateAnnounces_SkipSaysLinkDown()
    {
        var winner = Winner(Vip);
        var others = new[] { "node-a", "node-b", "node-c" }.Where(n => n != winner).ToList();
        var (state, allocation) = Scenario();
        var membership = Membership(others[0], (winner, MemberState.Alive, true), (others[1], MemberState.Alive, true));
        membership = membership with { Members = membership.Members.SetItem(winner, membership.Members[winner] with { LinkDown = true }) };
        var svc = Assert.Single(L2Election.Plan(state, allocation, membership).Services);
        Assert.Equal(L2Election.SortCandidates(others, Vip, new Dictionary<string, int>())[0], Assert.Single(svc.Announcements).Node);
        Assert.Contains(svc.Skipped, s => s.Node == winner && s.Reason == L2SkipReasons.LinkDown);
    }

    [Fact]
    public void Plan_OwnLinkDown_IneligibleAtOnceInEveryMode()
    {
        var winner = Winner(Vip);
        var (state, allocation) = Scenario();
        var others = new[] { "node-a", "node-b", "node-c" }.Where(n => n != winner).ToList();
        var active = Membership(winner, (others[0], MemberState.Alive, true), (others[1], MemberState.Alive, true)) with { SelfLinkDown = true };
        var disabled = MembershipSnapshot.Disabled with { Self = winner, SelfLinkDown = true };
        foreach (var membership in new[] { active, disabled })
        {
            var svc = Assert.Single(L2Election.Plan(state, allocation, membership).Services);
            Assert.NotEqual(winner, Assert.Single(svc.Announcements).Node);
            Assert.Contains(svc.Skipped, s => s.Node == winner && s.Reason == L2SkipReasons.LinkDown);
        }
    }

    [Fact]
    public void Plan_LinkDownReportOfADeadOrFallbackMember_NotUsed()
    {
        var winner = Winner(Vip);
        var others = new[] { "node-a", "node-b", "node-c" }.Where(n => n != winner).ToList();
        var (state, allocation) = Scenario();
        var membership = Membership(others[0], (winner, MemberState.Alive, true), (others[1], MemberState.Alive, true));
        membership = membership with { Mode = MembershipMode.Fallback, Members = membership.Members.SetItem(winner, membership.Members[winner] with { LinkDown = true }) };

        // Fallback is the readiness election: a stale heartbeat flag does not move the address.
        Assert.Equal(winner, Assert.Single(Assert.Single(L2Election.Plan(state, allocation, membership).Services).Announcements).Node);
    }

    private static string Winner(string ip) => L2Election.SortCandidates(["node-a", "node-b", "node-c"], ip, new Dictionary<string, int>())[0];

    private static L2Advertisement Ad(string name = "l2") => new() { Name = name, Pools = ["lab"], Interfaces = ["eth0"] };

    private static LabelSelector Selector(string key, string value) => new() { MatchLabels = Labels(key, value) };

    private static ImmutableDictionary<string, string> Labels(string key, string value) => ImmutableDictionary<string, string>.Empty.Add(key, value);

    private static ImmutableDictionary<string, string> Cond(string type, string status) => ImmutableDictionary<string, string>.Empty.Add(type, status);

    private static (ClusterState State, AllocationResult Allocation) Scenario(
        string[]? addresses = null,
        IReadOnlyList<L2Advertisement>? ads = null,
        IReadOnlyList<EndpointInfo>? endpoints = null,
        Func<ServiceInfo, ServiceInfo>? serviceEdit = null,
        Func<NodeInfo, NodeInfo>? nodeEdit = null,
        string? pool = "lab")
    {
        addresses ??= [Vip];
        ads ??= [Ad()];
        endpoints ??= [new EndpointInfo { NodeName = "node-a", Ready = true, Addresses = ["10.244.0.5"] }];
        var service = new ServiceInfo
        {
            Namespace = "default",
            Name = "web",
            Type = "LoadBalancer",
            Labels = Labels("app", "web"),
            StatusAddresses = addresses.Select(IPAddress.Parse).ToList(),
        };
        service = serviceEdit?.Invoke(service) ?? service;
        var nodes = new[] { "node-a", "node-b", "node-c" }.Select(n => new NodeInfo { Name = n, Conditions = Cond("Ready", "True") })
            .Select(n => nodeEdit?.Invoke(n) ?? n)
            .ToList();
        var pools = ImmutableSortedDictionary<string, AddressPool>.Empty;
        if (pool is not null)
        {
            pools = pools.Add(pool, new AddressPool
            {
                Name = pool,
                Cidrs = [IPNetwork.Parse("192.0.2.192/27"), IPNetwork.Parse("2001:db8::/64")],
                L2Advertisements = ads,
            });
        }

        var state = new ClusterState
        {
            Services = [service],
            Nodes = nodes,
            EndpointSlices = [new EndpointSliceInfo { Namespace = "default", Name = "web-1", ServiceName = "web", Endpoints = endpoints }],
            Configuration = new MetalLbConfiguration { Pools = pools, L2Advertisements = ads },
        };
        var allocation = new AllocationResult
        {
            Assignments = [new ServiceAssignment { Service = service.Key, Addresses = service.StatusAddresses, Pool = pool }],
        };
        return (state, allocation);
    }
}
