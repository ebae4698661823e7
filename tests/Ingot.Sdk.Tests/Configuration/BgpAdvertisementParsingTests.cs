using System.Collections.Immutable;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;
using static Ingot.Sdk.Configuration.Tests.ParserAssert;

namespace Ingot.Sdk.Configuration.Tests;

public class BgpAdvertisementParsingTests
{
    private static readonly LabelSelector s_web = Labels("app", "web");

    private static LabelSelector Labels(string key, string value)
        => new() { MatchLabels = ImmutableDictionary<string, string>.Empty.Add(key, value) };

    private static BgpAdvertisementResource Ad(string name = "ad") => new() { Name = name, Origin = "bgp.yaml" };

    private static NodeInfo Node(string name, string rack)
        => new() { Name = name, Labels = ImmutableDictionary<string, string>.Empty.Add("rack", rack) };

    private static ConfigurationResources With(params BgpAdvertisementResource[] ads) => new()
    {
        Pools =
        [
            Pool("v4", "192.0.2.0/24", "198.51.100.0/24") with { Labels = ImmutableDictionary<string, string>.Empty.Add("family", "v4") },
            Pool("v6", "2001:db8::/64"),
        ],
        BgpAdvertisements = ads,
        Nodes = [Node("n1", "1"), Node("n2", "2")],
    };

    [Fact]
    public void Parse_DefaultAdvertisement_AllPoolsAndDefaults()
    {
        var config = Valid(With(Ad()));
        var ad = Assert.Single(config.BgpAdvertisements);
        Assert.Equal(32, ad.AggregationLength);
        Assert.Equal(128, ad.AggregationLengthV6);
        Assert.Equal(0u, ad.LocalPref);
        Assert.Empty(ad.Communities);
        Assert.Empty(ad.Peers);
        Assert.Equal(["v4", "v6"], ad.Pools);
        Assert.Equal("ad", Assert.Single(config.Pools["v4"].BgpAdvertisements).Name);
        Assert.Equal("ad", Assert.Single(config.Pools["v6"].BgpAdvertisements).Name);
    }

    [Fact]
    public void Parse_PoolSelection_NamesAndSelectors()
    {
        var config = Valid(With(
            Ad("by-name") with { IPAddressPools = ["v6", "nope"] },
            Ad("by-label") with { IPAddressPoolSelectors = [Labels("family", "v4")] }));
        Assert.Equal(["by-label"], config.Pools["v4"].BgpAdvertisements.Select(a => a.Name));
        Assert.Equal(["by-name"], config.Pools["v6"].BgpAdvertisements.Select(a => a.Name));
        Assert.Equal(["by-label", "by-name"], config.BgpAdvertisements.Select(a => a.Name));
    }

    [Fact]
    public void Parse_UnknownPeerAndPoolNames_WarnedNotRejected()
    {
        var resources = With(Ad() with { IPAddressPools = ["v4", "gone"], Peers = ["r1", "ghost"] }) with
        {
            Peers = [new BgpPeerResource { Name = "r1", MyAsn = 64512, PeerAsn = 64513, PeerAddress = "192.0.2.254" }],
        };
        Assert.Equal(["r1", "ghost"], Valid(resources).BgpAdvertisements[0].Peers);
        Warning(resources, "BGPAdvertisement", "ad", "spec.ipAddressPools: no IPAddressPool named \"gone\"; the name is ignored");
        Warning(resources, "BGPAdvertisement", "ad", "spec.peers: no BGPPeer named \"ghost\"; no session gets this advertisement through that name");
        Assert.Equal(2, MetalLbConfigurationParser.Parse(resources).Diagnostics.Count);
    }

    [Fact]
    public void Parse_CommunitiesLiteralAndAlias_ResolvedAndSorted()
    {
        var resources = With(Ad() with { Communities = ["65535:65281", "large:64512:1:1", "no-advertise", "64512:7"] }) with
        {
            Communities = [new CommunityResource { Name = "c", Communities = [new CommunityAliasSpec("no-advertise", "65535:65282")] }],
        };
        var ad = Assert.Single(Valid(resources).BgpAdvertisements);
        Assert.Equal(["large:64512:1:1", "64512:7", "65535:65281", "65535:65282"], ad.Communities.Select(c => c.ToString()));
    }

    [Fact]
    public void Parse_AliasDefinedTwice_Rejected()
    {
        var resources = new ConfigurationResources
        {
            Communities =
            [
                new CommunityResource { Name = "a", Communities = [new CommunityAliasSpec("x", "1:1")] },
                new CommunityResource { Name = "b", Communities = [new CommunityAliasSpec("x", "1:2")] },
            ],
        };
        Error(resources, "Community", "b", "duplicate definition of community \"x\"");
    }

    [Theory]
    [InlineData("1:70000", "parsing community \"x\": invalid community value: invalid section \"70000\" of community \"1:70000\"")]
    [InlineData("1:2:3", "parsing community \"x\": invalid community format: 1:2:3")]
    [InlineData("big:1:2:3", "parsing community \"x\": invalid community value: invalid marker for large community, expected community to be of format large:<uint32>:<uint32>:<uint32> but got \"big:1:2:3\" instead")]
    public void Parse_AliasBadValue_HardError(string value, string message)
    {
        var d = Error(new ConfigurationResources { Communities = [new CommunityResource { Name = "c", Communities = [new CommunityAliasSpec("x", value)] }] },
            "Community", "c", message);
        Assert.False(d.IsTransient);
    }

    [Fact]
    public void Parse_CommunityUnknownAlias_TransientError()
    {
        var d = Error(With(Ad() with { Communities = ["not-yet-defined"] }), "BGPAdvertisement", "ad",
            "invalid community \"not-yet-defined\" in BGP advertisement: invalid community format: not-yet-defined");
        Assert.True(d.IsTransient);
    }

    [Theory]
    [InlineData("65536:1", "invalid community \"65536:1\" in BGP advertisement: invalid community value: invalid section \"65536\" of community \"65536:1\"")]
    [InlineData("large:1:2:x", "invalid community \"large:1:2:x\" in BGP advertisement: invalid community value: invalid section \"x\" of community \"large:1:2:x\"")]
    public void Parse_CommunityBadNumber_HardError(string community, string message)
        => Assert.False(Error(With(Ad() with { Communities = [community] }), "BGPAdvertisement", "ad", message).IsTransient);

    [Fact]
    public void Parse_TooManyCommunities_Rejected()
    {
        var many = Enumerable.Range(1, 64).Select(i => $"64512:{i}").ToArray();
        Error(With(Ad() with { Communities = many }), "BGPAdvertisement", "ad", "spec.communities: 64 communities, more than the 63 that can be announced");
        Valid(With(Ad() with { Communities = many[..63] }));
    }

    [Theory]
    [InlineData("ipAddressPools")]
    [InlineData("community")]
    [InlineData("peers")]
    public void Parse_DuplicateListEntry_Rejected(string field)
    {
        var ad = field switch
        {
            "ipAddressPools" => Ad() with { IPAddressPools = ["v4", "v4"] },
            "community" => Ad() with { Communities = ["1:1", "1:1"] },
            _ => Ad() with { Peers = ["r", "r"] },
        };
        var value = field switch { "ipAddressPools" => "v4", "community" => "1:1", _ => "r" };
        Error(With(ad), "BGPAdvertisement", "ad", $"duplicate definition of {field} \"{value}\"");
    }

    [Theory]
    [InlineData("ipAddressPoolSelectors")]
    [InlineData("nodeSelectors")]
    [InlineData("serviceSelectors")]
    public void Parse_DuplicateSelector_Rejected(string field)
    {
        LabelSelector[] twice = [s_web, Labels("app", "web")];
        var ad = field switch
        {
            "ipAddressPoolSelectors" => Ad() with { IPAddressPoolSelectors = twice },
            "nodeSelectors" => Ad() with { NodeSelectors = twice },
            _ => Ad() with { ServiceSelectors = twice },
        };
        Error(With(ad), "BGPAdvertisement", "ad", $"duplicate definition of {field} \"app=web\"");
    }

    [Theory]
    [InlineData(33L, null, "invalid aggregation length 33 for IPv4")]
    [InlineData(0L, null, "spec.aggregationLength: 0 is below the minimum 1")]
    [InlineData(null, 129L, "invalid aggregation length 129 for IPv6")]
    [InlineData(null, -1L, "spec.aggregationLengthV6: -1 is below the minimum 0")]
    public void Parse_AggregationLengthOutOfRange_Rejected(long? v4, long? v6, string message)
        => Error(With(Ad() with { AggregationLength = v4, AggregationLengthV6 = v6 }), "BGPAdvertisement", "ad", message);

    [Fact]
    public void Parse_AggregationShorterThanPoolPrefix_Rejected()
        => Error(With(Ad() with { AggregationLength = 16, IPAddressPools = ["v4"] }), "BGPAdvertisement", "ad",
            "invalid aggregation length 16: prefix 24 in this pool is more specific than the aggregation length for addresses 192.0.2.0/24");

    [Fact]
    public void Parse_AggregationShorterThanRangePrefixes_Rejected()
    {
        // 198.51.100.10-198.51.100.13 summarises to two /31s: an aggregation of 30 is shorter than both.
        var resources = With(Ad() with { AggregationLength = 30, IPAddressPools = ["v4"] }) with
        {
            Pools = [Pool("v4", "198.51.100.10-198.51.100.13")],
        };
        Error(resources, "BGPAdvertisement", "ad",
            "invalid aggregation length 30: prefix 31 in this pool is more specific than the aggregation length for addresses 198.51.100.10-198.51.100.13");
    }

    [Theory]
    [InlineData(26, null)]
    [InlineData(24, "invalid aggregation length 24: prefix 26 in this pool is more specific than the aggregation length for addresses 3.3.3.2-3.3.3.254")]
    public void Parse_AggregationAgainstWideRange_ShortestSummarisedPrefixDecides(int length, string? error)
    {
        // MetalLB's "aggregation length by range" vectors: the range's widest block is a /26.
        var resources = With(Ad() with { AggregationLength = length }) with { Pools = [Pool("p", "3.3.3.2-3.3.3.254")] };
        if (error is null)
        {
            Assert.Equal(length, Valid(resources).Pools["p"].BgpAdvertisements[0].AggregationLength);
        }
        else
        {
            Error(resources, "BGPAdvertisement", "ad", error);
        }
    }

    [Fact]
    public void Parse_AggregationAgainstEveryEntry_NarrowEntryRejects()
        => Error(
            With(Ad() with { AggregationLength = 26 }) with { Pools = [Pool("p", "198.51.100.0/24", "192.0.2.0/28")] },
            "BGPAdvertisement", "ad",
            "invalid aggregation length 26: prefix 28 in this pool is more specific than the aggregation length for addresses 192.0.2.0/28");

    [Fact]
    public void Parse_AggregationV6ShorterThanPoolPrefix_Rejected()
        => Error(With(Ad() with { AggregationLengthV6 = 48, IPAddressPools = ["v6"] }), "BGPAdvertisement", "ad",
            "invalid aggregation length 48: prefix 64 in this pool is more specific than the aggregation length for addresses 2001:db8::/64");

    [Fact]
    public void Parse_AggregationEqualOrLongerThanPoolPrefix_Accepted()
    {
        var config = Valid(With(Ad() with { AggregationLength = 24, AggregationLengthV6 = 64 }));
        Assert.Equal(24, config.BgpAdvertisements[0].AggregationLength);
        Assert.Equal(64, config.BgpAdvertisements[0].AggregationLengthV6);
    }

    [Theory]
    [InlineData(24L, null, "serviceSelectors and aggregationLength are mutually exclusive, both cannot be set in ad")]
    [InlineData(null, 64L, "serviceSelectors and aggregationLengthV6 are mutually exclusive, both cannot be set in ad")]
    public void Parse_ServiceSelectorsWithAggregation_Rejected(long? v4, long? v6, string message)
        => Error(With(Ad() with { ServiceSelectors = [s_web], AggregationLength = v4, AggregationLengthV6 = v6 }), "BGPAdvertisement", "ad", message);

    [Fact]
    public void Parse_ServiceSelectorsWithHostLengths_Accepted()
        => Valid(With(Ad() with { ServiceSelectors = [s_web], AggregationLength = 32, AggregationLengthV6 = 128 }));

    private const string LocalPrefConflict = "invalid local preference 200: local preference 100 was already set for the same type of BGP update. Check existing BGP advertisements with common pools and aggregation lengths (BGPAdvertisement \"a\" on pool \"v4\")";

    [Fact]
    public void Parse_DifferentLocalPrefSamePool_Rejected()
        => Error(With(Ad("a") with { LocalPref = 100 }, Ad("b") with { LocalPref = 200 }), "BGPAdvertisement", "b", LocalPrefConflict);

    [Fact]
    public void Parse_SameLocalPref_Accepted()
        => Valid(With(Ad("a") with { LocalPref = 100 }, Ad("b") with { LocalPref = 100, Communities = ["1:1"] }));

    [Fact]
    public void Parse_DifferentLocalPrefDifferentAggregationV4Pool_Accepted()
        => Valid(With(Ad("a") with { LocalPref = 100, IPAddressPools = ["v4"] }, Ad("b") with { LocalPref = 200, IPAddressPools = ["v4"], AggregationLength = 24 }));

    [Fact]
    public void Parse_DifferentLocalPrefOnlyV4LengthDiffersOnV6Pool_Rejected()
        => Error(
            With(Ad("a") with { LocalPref = 100, IPAddressPools = ["v6"] }, Ad("b") with { LocalPref = 200, IPAddressPools = ["v6"], AggregationLength = 24 }),
            "BGPAdvertisement", "b", LocalPrefConflict.Replace("pool \"v4\"", "pool \"v6\"", StringComparison.Ordinal));

    [Fact]
    public void Parse_DualStackPoolOneLengthDiffers_Rejected()
    {
        var resources = With(Ad("a") with { LocalPref = 100 }, Ad("b") with { LocalPref = 200, AggregationLength = 24 }) with
        {
            Pools = [Pool("v4", "192.0.2.0/24", "2001:db8::/64")],
        };
        Error(resources, "BGPAdvertisement", "b", LocalPrefConflict);
    }

    [Fact]
    public void Parse_DualStackPoolBothLengthsDiffer_Accepted()
    {
        var resources = With(Ad("a") with { LocalPref = 100 }, Ad("b") with { LocalPref = 200, AggregationLength = 24, AggregationLengthV6 = 64 }) with
        {
            Pools = [Pool("v4", "192.0.2.0/24", "2001:db8::/64")],
        };
        Valid(resources);
    }

    [Fact]
    public void Parse_DifferentLocalPrefDisjointPeers_Accepted()
        => Valid(With(Ad("a") with { LocalPref = 100, Peers = ["r1"] }, Ad("b") with { LocalPref = 200, Peers = ["r2"] }));

    [Fact]
    public void Parse_DifferentLocalPrefOverlappingPeers_Rejected()
        => Error(With(Ad("a") with { LocalPref = 100, Peers = ["r1", "r2"] }, Ad("b") with { LocalPref = 200, Peers = ["r2"] }),
            "BGPAdvertisement", "b", LocalPrefConflict);

    [Fact]
    public void Parse_DifferentLocalPrefDisjointNodes_Accepted()
        => Valid(With(
            Ad("a") with { LocalPref = 100, NodeSelectors = [Labels("rack", "1")] },
            Ad("b") with { LocalPref = 200, NodeSelectors = [Labels("rack", "2")] }));

    [Fact]
    public void Parse_DifferentLocalPrefOverlappingNodes_Rejected()
        => Error(With(
                Ad("a") with { LocalPref = 100, NodeSelectors = [Labels("rack", "1")] },
                Ad("b") with { LocalPref = 200 }),
            "BGPAdvertisement", "b", LocalPrefConflict);

    [Fact]
    public void Parse_DifferentLocalPrefWithoutKnownNodes_Accepted()
    {
        // MetalLB resolves node selectors against the Nodes it knows; with none, the node sets are empty and disjoint.
        Valid(With(Ad("a") with { LocalPref = 100 }, Ad("b") with { LocalPref = 200 }) with { Nodes = [] });
    }

    [Fact]
    public void Parse_DifferentLocalPrefWithServiceSelectors_Accepted()
        => Valid(With(Ad("a") with { LocalPref = 100 }, Ad("b") with { LocalPref = 200, ServiceSelectors = [s_web] }));

    [Fact]
    public void Parse_LocalPrefOutOfRange_Rejected()
        => Error(With(Ad() with { LocalPref = 4294967296 }), "BGPAdvertisement", "ad", "spec.localPref: 4294967296 is out of range 0..4294967295");

    [Fact]
    public void Parse_SameNameSameSpec_MetalLbDuplicateMessage()
        => Error(With(Ad() with { LocalPref = 5 }, Ad() with { LocalPref = 5 }), "BGPAdvertisement", "ad",
            "duplicate definition of bgpadvertisements. advertisement 1 and 2 are equal");

    [Fact]
    public void Parse_SameNameDifferentSpec_Rejected()
        => Error(With(Ad(), Ad() with { LocalPref = 5 }), "BGPAdvertisement", "ad", "duplicate definition of BGPAdvertisement \"ad\"");

    [Fact]
    public void Parse_BfdEchoPeerOnIPv6Pool_Rejected()
    {
        var resources = With(Ad() with { IPAddressPools = ["v6"] }) with
        {
            BfdProfiles = [new BfdProfileResource { Name = "echo", EchoMode = true }],
            Peers = [new BgpPeerResource { Name = "r", MyAsn = 64512, PeerAsn = 64513, PeerAddress = "2001:db8:1::1", BfdProfile = "echo" }],
        };
        Error(resources, "BGPAdvertisement", "ad", "pool v6 has bgpadvertisement ad which references peer r which has bfd echo enabled, which is not possible");
    }

    [Fact]
    public void Parse_BfdEchoPeerOnIPv4PoolOnly_Accepted()
    {
        var resources = With(Ad() with { IPAddressPools = ["v4"] }) with
        {
            BfdProfiles = [new BfdProfileResource { Name = "echo", EchoMode = true }],
            Peers = [new BgpPeerResource { Name = "r", MyAsn = 64512, PeerAsn = 64513, PeerAddress = "192.0.2.254", BfdProfile = "echo" }],
        };
        Assert.True(Valid(resources).BfdProfiles["echo"].EchoMode);
    }

    [Fact]
    public void Parse_BfdEchoPeerNotNamedByAdvertisement_Accepted()
    {
        var resources = With(Ad() with { IPAddressPools = ["v6"], Peers = ["other"] }) with
        {
            BfdProfiles = [new BfdProfileResource { Name = "echo", EchoMode = true }],
            Peers = [new BgpPeerResource { Name = "r", MyAsn = 64512, PeerAsn = 64513, PeerAddress = "2001:db8:1::1", BfdProfile = "echo" }],
        };
        Valid(resources);
    }
}
