using System.Collections.Immutable;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;
using static Ingot.Sdk.Configuration.Tests.ParserAssert;

namespace Ingot.Sdk.Configuration.Tests;

public class L2AdvertisementParsingTests
{
    private static LabelSelector Labels(string key, string value)
        => new() { MatchLabels = ImmutableDictionary<string, string>.Empty.Add(key, value) };

    private static ConfigurationResources WithPools(params L2AdvertisementResource[] ads) => new()
    {
        Pools =
        [
            Pool("a", "192.0.2.0/26") with { Labels = ImmutableDictionary<string, string>.Empty.Add("tier", "web") },
            Pool("b", "192.0.2.64/26"),
            Pool("c", "192.0.2.128/26") with { Labels = ImmutableDictionary<string, string>.Empty.Add("tier", "db") },
        ],
        L2Advertisements = ads,
    };

    [Fact]
    public void Parse_NoPoolFields_AppliesToAllPools()
    {
        var config = Valid(WithPools(new L2AdvertisementResource { Name = "all" }));
        var ad = Assert.Single(config.L2Advertisements);
        Assert.Equal(["a", "b", "c"], ad.Pools);
        Assert.Empty(ad.Interfaces);
        Assert.Empty(ad.NodeSelectors);
        Assert.All(config.Pools.Values, p => Assert.Equal("all", Assert.Single(p.L2Advertisements).Name));
    }

    [Fact]
    public void Parse_NamesAndSelectors_Unioned_UnknownNamesIgnored()
    {
        var config = Valid(WithPools(new L2AdvertisementResource
        {
            Name = "some",
            IPAddressPools = ["b", "missing"],
            IPAddressPoolSelectors = [Labels("tier", "db")],
        }));
        Assert.Equal(["b", "c"], Assert.Single(config.L2Advertisements).Pools);
        Assert.Empty(config.Pools["a"].L2Advertisements);
        Assert.Single(config.Pools["b"].L2Advertisements);
        Assert.Single(config.Pools["c"].L2Advertisements);
    }

    [Fact]
    public void Parse_UnknownPoolName_WarnedNotRejected()
    {
        var resources = WithPools(new L2AdvertisementResource { Name = "some", IPAddressPools = ["b", "missing"] });
        Assert.Equal(["b"], Valid(resources).L2Advertisements[0].Pools);
        var w = Warning(resources, "L2Advertisement", "some", "spec.ipAddressPools: no IPAddressPool named \"missing\"; the name is ignored");
        Assert.False(w.IsTransient);
    }

    [Fact]
    public void Parse_KnownPoolNames_NoWarning()
        => Assert.Empty(MetalLbConfigurationParser.Parse(WithPools(new L2AdvertisementResource { Name = "x", IPAddressPools = ["a", "c"] })).Diagnostics);

    [Fact]
    public void Parse_NameAndSelectorHitSamePool_AttachedOnce()
    {
        var config = Valid(WithPools(new L2AdvertisementResource
        {
            Name = "x",
            IPAddressPools = ["a"],
            IPAddressPoolSelectors = [Labels("tier", "web")],
        }));
        Assert.Single(config.Pools["a"].L2Advertisements);
    }

    [Fact]
    public void Parse_AdsOnPool_InNameOrder()
    {
        var config = Valid(WithPools(
            new L2AdvertisementResource { Name = "zeta" },
            new L2AdvertisementResource { Name = "alpha", Interfaces = ["eth0"] }));
        Assert.Equal(["alpha", "zeta"], config.Pools["a"].L2Advertisements.Select(a => a.Name));
        Assert.Equal(["alpha", "zeta"], config.L2Advertisements.Select(a => a.Name));
        Assert.Equal(["eth0"], config.L2Advertisements[0].Interfaces);
    }

    [Fact]
    public void Parse_ServiceSelectors_SortedByString()
    {
        var config = Valid(WithPools(new L2AdvertisementResource
        {
            Name = "x",
            ServiceSelectors = [Labels("b", "1"), Labels("a", "1")],
        }));
        Assert.Equal(["a=1", "b=1"], config.L2Advertisements[0].ServiceSelectors.Select(s => s.ToString()));
    }

    [Fact]
    public void Parse_PreferredNodeSelectors_Kept()
    {
        var config = Valid(WithPools(new L2AdvertisementResource
        {
            Name = "x",
            PreferredNodeSelectors = [new PreferredNodeSelectorSpec(100, Labels("zone", "a")), new PreferredNodeSelectorSpec(1, LabelSelector.Everything)],
        }));
        var preferred = config.L2Advertisements[0].PreferredNodeSelectors;
        Assert.Equal([100, 1], preferred.Select(p => p.Weight));
        Assert.Equal(101, config.L2Advertisements[0].PreferenceScore(new NodeInfo { Name = "n", Labels = Labels("zone", "a").MatchLabels }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Parse_PreferredWeightOutOfRange_Rejected(long weight)
        => Error(
            WithPools(new L2AdvertisementResource { Name = "x", PreferredNodeSelectors = [new PreferredNodeSelectorSpec(weight, LabelSelector.Everything)] }),
            "L2Advertisement", "x", $"spec.preferredNodeSelectors[0].weight: {weight} is out of range 1..100");

    [Fact]
    public void Parse_PreferredInvalidSelector_Rejected()
        => Error(
            WithPools(new L2AdvertisementResource
            {
                Name = "x",
                PreferredNodeSelectors = [new PreferredNodeSelectorSpec(5, new LabelSelector { MatchExpressions = [new("zone", "In", [])] })],
            }),
            "L2Advertisement", "x", "spec.preferredNodeSelectors[0].preference: key \"zone\": for 'in', 'notin' operators, values set can't be empty");

    [Fact]
    public void Parse_DuplicatePoolName_Rejected()
        => Error(WithPools(new L2AdvertisementResource { Name = "x", IPAddressPools = ["a", "a"] }), "L2Advertisement", "x", "duplicate definition of ipAddressPools \"a\"");

    [Theory]
    [InlineData("ipAddressPoolSelectors")]
    [InlineData("nodeSelectors")]
    [InlineData("serviceSelectors")]
    public void Parse_DuplicateSelector_Rejected(string field)
    {
        LabelSelector[] twice = [Labels("k", "v"), Labels("k", "v")];
        var ad = field switch
        {
            "ipAddressPoolSelectors" => new L2AdvertisementResource { Name = "x", IPAddressPoolSelectors = twice },
            "nodeSelectors" => new L2AdvertisementResource { Name = "x", NodeSelectors = twice },
            _ => new L2AdvertisementResource { Name = "x", ServiceSelectors = twice },
        };
        Error(WithPools(ad), "L2Advertisement", "x", $"duplicate definition of {field} \"k=v\"");
    }

    [Fact]
    public void Parse_InvalidNodeSelector_Rejected()
        => Error(
            WithPools(new L2AdvertisementResource { Name = "x", NodeSelectors = [Labels("bad key!", "v")] }),
            "L2Advertisement", "x",
            "spec.nodeSelectors[0]: invalid label key \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', start and end with an alphanumeric character, and be at most 63 characters");

    [Fact]
    public void Parse_DuplicateAdvertisementName_Rejected()
        => Error(
            WithPools(new L2AdvertisementResource { Name = "x" }, new L2AdvertisementResource { Name = "x", Interfaces = ["eth1"] }),
            "L2Advertisement", "x", "duplicate definition of L2Advertisement \"x\"");

    [Fact]
    public void Parse_AdvertisementOutsideNamespace_WarnedAndIgnored()
    {
        var resources = WithPools(new L2AdvertisementResource { Name = "x", Namespace = "other" });
        Warning(resources, "L2Advertisement", "x", "resource must be created in metallb-system namespace");
        Assert.Empty(Valid(resources).L2Advertisements);
    }
}
