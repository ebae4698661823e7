using System.Collections.Immutable;
using System.Net;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Tests;

/// <summary>The objects of the MetalLB tutorial users follow, as a source would map them.</summary>
public class TutorialConfigurationTests
{
    private static ConfigurationResources Tutorial() => new()
    {
        Pools =
        [
            new IPAddressPoolResource { Name = "first-pool", Namespace = "metallb-system", Addresses = ["192.168.1.240-192.168.1.250"] },
            new IPAddressPoolResource { Name = "production-pool", Namespace = "metallb-system", Addresses = ["203.0.113.0/24"], AutoAssign = true },
        ],
        L2Advertisements = [new L2AdvertisementResource { Name = "example", Namespace = "metallb-system", IPAddressPools = ["first-pool"] }],
        BgpAdvertisements =
        [
            new BgpAdvertisementResource
            {
                Name = "bgp-advertisement",
                Namespace = "metallb-system",
                IPAddressPools = ["production-pool"],
                Communities = ["65000:100"],
                LocalPref = 100,
                Peers = ["router1.example.com", "router2.example.com"],
            },
        ],
        Peers =
        [
            new BgpPeerResource
            {
                Name = "router1",
                Namespace = "metallb-system",
                ApiVersion = "v1beta1",
                MyAsn = 65001,
                PeerAsn = 65000,
                PeerAddress = "192.168.1.1",
                RouterId = "192.168.1.10",
                HoldTime = "30s",
                KeepaliveTime = "10s",
            },
        ],
    };

    [Fact]
    public void Parse_Tutorial_ValidAndSaysItsPeerNamesMatchNoBgpPeer()
    {
        var result = MetalLbConfigurationParser.Parse(Tutorial());
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));

        // The tutorial's advertisement names peers by host name, but its BGPPeer is called "router1": MetalLB then announces
        // the pool to no session, silently. Ingot accepts it and says so.
        Assert.Equal(
            [
                "BGPAdvertisement/bgp-advertisement: warning: spec.peers: no BGPPeer named \"router1.example.com\"; no session gets this advertisement through that name",
                "BGPAdvertisement/bgp-advertisement: warning: spec.peers: no BGPPeer named \"router2.example.com\"; no session gets this advertisement through that name",
            ],
            result.Diagnostics.Select(d => d.ToString()));
        var config = result.Configuration!;

        var first = config.Pools["first-pool"];
        Assert.Equal(
            ["192.168.1.240/29", "192.168.1.248/31", "192.168.1.250/32"],
            first.Cidrs.Select(c => c.ToString()));
        Assert.Equal("example", Assert.Single(first.L2Advertisements).Name);
        Assert.Empty(first.BgpAdvertisements);

        var production = config.Pools["production-pool"];
        var bgp = Assert.Single(production.BgpAdvertisements);
        Assert.Equal(100u, bgp.LocalPref);
        Assert.Equal("65000:100", Assert.Single(bgp.Communities).ToString());
        Assert.Equal(["router1.example.com", "router2.example.com"], bgp.Peers);
        Assert.False(bgp.AppliesToPeer("router1"));
        Assert.Empty(production.L2Advertisements);

        var peer = config.Peers["router1"];
        Assert.Equal(65001u, peer.MyAsn);
        Assert.Equal(65000u, peer.PeerAsn);
        Assert.Equal(IPAddress.Parse("192.168.1.1"), peer.PeerAddress);
        Assert.Equal(TimeSpan.FromSeconds(30), peer.HoldTime);
        Assert.Equal(TimeSpan.FromSeconds(10), peer.KeepaliveTime);
        Assert.Equal(179, peer.PeerPort);
    }

    [Fact]
    public void Parse_TutorialLayer2PoolNextToFirstPool_OverlapRejectedAsMetalLbDoes()
    {
        // The tutorial's "layer2-pool" reuses first-pool's range; MetalLB refuses the two together.
        var resources = Tutorial() with
        {
            Pools = [.. Tutorial().Pools, new IPAddressPoolResource { Name = "layer2-pool", Namespace = "metallb-system", Addresses = ["192.168.1.240-192.168.1.250"] }],
        };
        var result = MetalLbConfigurationParser.Parse(resources);
        var error = Assert.Single(result.Errors);
        Assert.Equal("IPAddressPool/layer2-pool: CIDR \"192.168.1.240/29\" in pool \"layer2-pool\" overlaps with already defined CIDR \"192.168.1.240/29\"", error.ToString());
    }

    [Fact]
    public void Inspect_TutorialHealthCheckService_WarnsIgnoredAnnotation()
    {
        var service = new ServiceInfo
        {
            Namespace = "default",
            Name = "nginx-service",
            Type = "LoadBalancer",
            Annotations = ImmutableDictionary<string, string>.Empty.Add("metallb.universe.tf/healthCheckNodePort", "8080"),
        };
        var d = Assert.Single(ServiceInspector.Inspect(service));
        Assert.Equal(
            "Service/default/nginx-service: warning: annotation \"metallb.universe.tf/healthCheckNodePort\" is not a MetalLB annotation and is ignored",
            d.ToString());
    }

    [Fact]
    public void Parse_WarningsOnly_StillValid()
    {
        var resources = Tutorial() with { BfdProfiles = [new BfdProfileResource { Name = "slow", EchoMode = true }] };
        var result = MetalLbConfigurationParser.Parse(resources);
        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Diagnostics.Count);
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void Parse_CommunityAliases_InConfiguration()
    {
        var resources = new ConfigurationResources
        {
            Communities =
            [
                new CommunityResource { Name = "c1", Communities = [new CommunityAliasSpec("no-export", "65535:65281"), new CommunityAliasSpec("big", "large:1:2:3")] },
            ],
        };
        var config = MetalLbConfigurationParser.Parse(resources).Configuration!;
        Assert.Equal(BgpCommunity.Standard(65535, 65281), config.Communities["no-export"]);
        Assert.Equal(BgpCommunity.Large(1, 2, 3), config.Communities["big"]);
    }

    [Fact]
    public void Parse_DuplicateCommunityObject_Rejected()
    {
        var resources = new ConfigurationResources
        {
            Communities = [new CommunityResource { Name = "c" }, new CommunityResource { Name = "c", Origin = "b.yaml" }],
        };
        var d = Assert.Single(MetalLbConfigurationParser.Parse(resources).Errors);
        Assert.Equal("b.yaml: Community/c: duplicate definition of Community \"c\"", d.ToString());
    }
}
