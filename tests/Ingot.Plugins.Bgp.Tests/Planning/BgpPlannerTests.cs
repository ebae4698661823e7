using System.Collections.Immutable;
using System.Net;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Planning.Tests;

public class BgpPlannerTests
{
    private static readonly BgpPeer s_r1 = new() { Name = "r1", MyAsn = 64512, PeerAsn = 65001, PeerAddress = IPAddress.Parse("192.0.2.254") };
    private static readonly BgpPeer s_r2 = new()
    {
        Name = "r2",
        MyAsn = 64512,
        PeerAsn = 65002,
        PeerAddress = IPAddress.Parse("198.51.100.254"),
        NodeSelectors = [new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("rack", "b") }],
    };

    [Fact]
    public void Plan_ClusterPolicy_EveryNodeAnnouncesToEveryPeerItSelects()
    {
        var (state, allocation) = TwoNodes([s_r1, s_r2], [new BgpAdvertisement { Name = "ad" }], TrafficPolicy.Cluster);
        var plan = BgpPlanner.Plan(state, allocation);
        var web = Assert.Single(plan.Services);
        Assert.Equal(
            ["node-a r1 192.0.2.10/32", "node-b r1 192.0.2.10/32", "node-b r2 192.0.2.10/32"],
            web.Announcements.Select(a => $"{a.Node} {a.Peer} {a.Prefix}").Order());
        Assert.Empty(web.Skipped);
        Assert.All(web.Announcements, a => Assert.Equal("bgp", a.Protocol));
    }

    [Fact]
    public void Plan_LocalPolicy_OnlyNodesWithReadyLocalEndpoint()
    {
        var (state, allocation) = TwoNodes([s_r1], [new BgpAdvertisement { Name = "ad" }], TrafficPolicy.Local);
        var web = Assert.Single(BgpPlanner.Plan(state, allocation).Services);
        Assert.Equal(["node-a"], web.Announcements.Select(a => a.Node));
        Assert.Equal(new AnnouncementSkipView("node-b", "noLocalEndpoints"), Assert.Single(web.Skipped.Select(s => new AnnouncementSkipView(s.Node, s.Reason))));
    }

    [Fact]
    public void Plan_NoReadyEndpoint_NoEndpoints()
    {
        var (state, allocation) = TwoNodes([s_r1], [new BgpAdvertisement { Name = "ad" }], TrafficPolicy.Cluster);
        state = state with { EndpointSlices = [state.EndpointSlices[0] with { Endpoints = [new EndpointInfo { Addresses = ["10.0.0.1"], NodeName = "node-a", Ready = false }] }] };
        var web = Assert.Single(BgpPlanner.Plan(state, allocation).Services);
        Assert.Empty(web.Announcements);
        Assert.Equal(["noEndpoints", "noEndpoints"], web.Skipped.Select(s => s.Reason));
    }

    [Fact]
    public void Plan_AdNodeSelector_OtherNodeNotOwner()
    {
        var ad = new BgpAdvertisement { Name = "ad", NodeSelectors = [new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("rack", "a") }] };
        var (state, allocation) = TwoNodes([s_r1], [ad], TrafficPolicy.Cluster);
        var web = Assert.Single(BgpPlanner.Plan(state, allocation).Services);
        Assert.Equal(["node-a"], web.Announcements.Select(a => a.Node));
        Assert.Equal("notOwner", Assert.Single(web.Skipped).Reason);
    }

    [Fact]
    public void Plan_ServiceSelectorMismatch_NoMatchingAdvertisement()
    {
        var ad = new BgpAdvertisement { Name = "ad", ServiceSelectors = [new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("app", "other") }] };
        var (state, allocation) = TwoNodes([s_r1], [ad], TrafficPolicy.Cluster);
        Assert.All(Assert.Single(BgpPlanner.Plan(state, allocation).Services).Skipped, s => Assert.Equal("noMatchingAdvertisement", s.Reason));
    }

    [Fact]
    public void Plan_NodeConditions_MetalLbReasons()
    {
        var (state, allocation) = TwoNodes([s_r1], [new BgpAdvertisement { Name = "ad" }], TrafficPolicy.Cluster);
        state = state with
        {
            Nodes =
            [
                state.Nodes[0] with { Conditions = ImmutableDictionary<string, string>.Empty.Add("NetworkUnavailable", "True") },
                state.Nodes[1] with { Labels = state.Nodes[1].Labels.ToImmutableDictionary().Add(NodeInfo.ExcludeFromLoadBalancersLabel, string.Empty) },
            ],
        };
        var web = Assert.Single(BgpPlanner.Plan(state, allocation).Services);
        Assert.Equal(["nodeNetworkUnavailable", "nodeLabeledExcludeBalancers"], web.Skipped.Select(s => s.Reason));
    }

    [Fact]
    public void Plan_AggregationAndPeersAndMerge_MetalLbRules()
    {
        var ads = new[]
        {
            new BgpAdvertisement { Name = "a1", AggregationLength = 24, AggregationLengthV6 = 64, LocalPref = 100, Communities = [BgpCommunity.Standard(65000, 2)] },
            new BgpAdvertisement { Name = "a2", AggregationLength = 24, AggregationLengthV6 = 64, LocalPref = 100, Communities = [BgpCommunity.Standard(65000, 1), BgpCommunity.Large(1, 2, 3)] },
            new BgpAdvertisement { Name = "a3", Peers = ["r2"], LocalPref = 300 },
        };
        var (state, allocation) = BgpScenario.Build([s_r1, s_r2 with { NodeSelectors = [] }], ads, ("web", ["192.0.2.10", "2001:db8::10"]));
        var web = Assert.Single(BgpPlanner.Plan(state, allocation).Services);

        // Communities sort as MetalLB compares them: large (GA, LD1, LD2) against standard (value, 0, 0).
        Assert.Equal(
            [
                "r1 192.0.2.0/24 lp=100 [large:1:2:3 65000:1 65000:2]",
                "r1 2001:db8::/64 lp=100 [large:1:2:3 65000:1 65000:2]",
                "r2 192.0.2.0/24 lp=100 [large:1:2:3 65000:1 65000:2]",
                "r2 192.0.2.10/32 lp=300 []",
                "r2 2001:db8::/64 lp=100 [large:1:2:3 65000:1 65000:2]",
                "r2 2001:db8::10/128 lp=300 []",
            ],
            web.Announcements.Select(a => $"{a.Peer} {a.Prefix} lp={a.LocalPref} [{string.Join(' ', a.Communities)}]").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_ConflictingLocalPrefForSamePrefix_ConflictingAdvertisements()
    {
        var ads = new[]
        {
            new BgpAdvertisement { Name = "a1", LocalPref = 100 },
            new BgpAdvertisement { Name = "a2", LocalPref = 200, ServiceSelectors = [LabelSelector.Everything] },
        };
        var (state, allocation) = BgpScenario.Build([s_r1], ads, ("web", ["192.0.2.10"]));
        Assert.Equal("conflictingAdvertisements", Assert.Single(Assert.Single(BgpPlanner.Plan(state, allocation).Services).Skipped).Reason);
    }

    [Fact]
    public void DesiredRoutes_SamePrefixFromTwoServices_MergedPerPeer()
    {
        var ad = new BgpAdvertisement { Name = "ad", AggregationLength = 24, Communities = [BgpCommunity.Standard(1, 1)] };
        var (state, allocation) = BgpScenario.Build([s_r1], [ad], ("web", ["192.0.2.10"]), ("db", ["192.0.2.20"]));
        var routes = BgpAnnouncer.DesiredRoutes(BgpPlanner.Plan(state, allocation), BgpScenario.Node);
        var r1 = Assert.Single(routes).Value;
        var (prefix, entry) = Assert.Single(r1);
        Assert.Equal("192.0.2.0/24", prefix.ToString());
        Assert.Equal([BgpCommunity.Standard(1, 1)], entry.Communities.ToArray());
    }

    private static (ClusterState, Ingot.Sdk.Allocation.AllocationResult) TwoNodes(BgpPeer[] peers, BgpAdvertisement[] ads, TrafficPolicy policy)
    {
        var (state, allocation) = BgpScenario.Build(peers, ads, ("web", ["192.0.2.10"]));
        return (state with
        {
            Nodes =
            [
                new NodeInfo { Name = "node-a", Labels = ImmutableDictionary<string, string>.Empty.Add("rack", "a") },
                new NodeInfo { Name = "node-b", Labels = ImmutableDictionary<string, string>.Empty.Add("rack", "b") },
            ],
            Services = [state.Services[0] with { ExternalTrafficPolicy = policy }],
        }, allocation);
    }

    private readonly record struct AnnouncementSkipView(string Node, string Reason);
}
