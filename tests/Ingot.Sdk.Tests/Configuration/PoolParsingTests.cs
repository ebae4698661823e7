using System.Collections.Immutable;
using System.Net;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;
using static Ingot.Sdk.Configuration.Tests.ParserAssert;

namespace Ingot.Sdk.Configuration.Tests;

public class PoolParsingTests
{
    private static readonly LabelSelector s_teamA = new() { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("team", "a") };

    [Fact]
    public void Parse_EmptyResources_ReturnsEmptyConfiguration()
    {
        var config = Valid(new ConfigurationResources());
        Assert.Empty(config.Pools);
        Assert.Empty(config.L2Advertisements);
        Assert.Empty(config.BgpAdvertisements);
        Assert.Empty(config.Peers);
    }

    [Fact]
    public void Parse_PoolWithDefaults_FillsModel()
    {
        var config = Valid(new ConfigurationResources
        {
            Pools = [Pool("first", "192.0.2.10-192.0.2.13", "2001:db8::77/126", "198.51.100.0/24")],
        });
        var pool = config.Pools["first"];
        Assert.True(pool.AutoAssign);
        Assert.False(pool.AvoidBuggyIPs);
        Assert.Null(pool.Allocation);
        Assert.Equal(["192.0.2.10/31", "192.0.2.12/31", "2001:db8::74/126", "198.51.100.0/24"], pool.Cidrs.Select(c => c.ToString()));
        Assert.Equal(3, pool.CidrsPerAddressEntry.Count);
        Assert.Equal(2, pool.CidrsPerAddressEntry[0].Count);
        Assert.Equal([IPNetwork.Parse("2001:db8::74/126")], pool.CidrsPerAddressEntry[1]);
        Assert.Empty(pool.L2Advertisements);
    }

    [Fact]
    public void Parse_AutoAssignFalseAndBuggyIPs_Kept()
    {
        var config = Valid(new ConfigurationResources
        {
            Pools = [Pool("p", "192.0.2.0/24") with { AutoAssign = false, AvoidBuggyIPs = true }],
        });
        Assert.False(config.Pools["p"].AutoAssign);
        Assert.True(config.Pools["p"].AvoidBuggyIPs);
        Assert.False(config.Pools["p"].IsUsable(IPAddress.Parse("192.0.2.0")));
        Assert.True(config.Pools["p"].IsUsable(IPAddress.Parse("192.0.2.1")));
    }

    [Fact]
    public void Parse_PoolWithoutAddresses_Rejected()
    {
        var d = Error(new ConfigurationResources { Pools = [Pool("empty")] }, "IPAddressPool", "empty", "pool has no prefixes defined");
        Assert.Equal("test.yaml", d.Origin);
        Assert.False(d.IsTransient);
        Assert.Equal("test.yaml: IPAddressPool/empty: pool has no prefixes defined", d.ToString());
    }

    [Fact]
    public void Parse_PoolWithEmptyName_Rejected()
        => Error(new ConfigurationResources { Pools = [Pool("", "192.0.2.0/24")] }, "IPAddressPool", "", "missing pool name");

    [Theory]
    [InlineData("192.0.2.0", "invalid CIDR \"192.0.2.0\" in pool \"p\": invalid CIDR \"192.0.2.0\"")]
    [InlineData("192.0.2.9-192.0.2.1", "invalid CIDR \"192.0.2.9-192.0.2.1\" in pool \"p\": invalid IP range \"192.0.2.9-192.0.2.1\": start IP \"192.0.2.9\" is after the end IP \"192.0.2.1\"")]
    [InlineData("a-192.0.2.1", "invalid CIDR \"a-192.0.2.1\" in pool \"p\": invalid IP range \"a-192.0.2.1\": invalid start IP \"a\"")]
    public void Parse_InvalidAddress_Rejected(string address, string message)
        => Error(new ConfigurationResources { Pools = [Pool("p", "198.51.100.0/24", address)] }, "IPAddressPool", "p", message);

    [Fact]
    public void Parse_DuplicatePoolName_Rejected()
        => Error(
            new ConfigurationResources { Pools = [Pool("p", "192.0.2.0/25"), Pool("p", "192.0.2.128/25")] },
            "IPAddressPool", "p", "duplicate definition of pool \"p\"");

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.128/25", "CIDR \"192.0.2.128/25\" in pool \"b\" overlaps with already defined CIDR \"192.0.2.0/24\"")]
    [InlineData("192.0.2.128/25", "192.0.2.0/24", "CIDR \"192.0.2.0/24\" in pool \"b\" overlaps with already defined CIDR \"192.0.2.128/25\"")]
    [InlineData("192.0.2.10-192.0.2.20", "192.0.2.16/28", "CIDR \"192.0.2.16/28\" in pool \"b\" overlaps with already defined CIDR \"192.0.2.16/30\"")]
    [InlineData("2001:db8::/64", "2001:db8::1/128", "CIDR \"2001:db8::1/128\" in pool \"b\" overlaps with already defined CIDR \"2001:db8::/64\"")]
    public void Parse_OverlapAcrossPools_Rejected(string first, string second, string message)
        => Error(new ConfigurationResources { Pools = [Pool("a", first), Pool("b", second)] }, "IPAddressPool", "b", message);

    [Fact]
    public void Parse_OverlapWithinPool_Rejected()
        => Error(
            new ConfigurationResources { Pools = [Pool("a", "192.0.2.0/24", "192.0.2.5-192.0.2.6")] },
            "IPAddressPool", "a", "CIDR \"192.0.2.5/32\" in pool \"a\" overlaps with already defined CIDR \"192.0.2.0/24\"");

    [Fact]
    public void Parse_AdjacentPools_Accepted()
    {
        var config = Valid(new ConfigurationResources
        {
            Pools = [Pool("a", "192.0.2.0/25"), Pool("b", "192.0.2.128-192.0.2.255"), Pool("c", "2001:db8::/64")],
        });
        Assert.Equal(3, config.Pools.Count);
    }

    [Fact]
    public void Parse_ServiceAllocationPriorityOnly_MatchesEverything()
    {
        var config = Valid(new ConfigurationResources
        {
            Pools = [Pool("p", "192.0.2.0/24") with { ServiceAllocation = new ServiceAllocationSpec { Priority = 5 } }],
        });
        var allocation = config.Pools["p"].Allocation;
        Assert.NotNull(allocation);
        Assert.Equal(5, allocation.Priority);
        Assert.Empty(allocation.Namespaces);
        var selector = Assert.Single(allocation.ServiceSelectors);
        Assert.True(selector.IsEmpty);
    }

    [Fact]
    public void Parse_ServiceAllocationNamespaceSelectors_ResolvedAgainstNamespaces()
    {
        var config = Valid(new ConfigurationResources
        {
            Pools =
            [
                Pool("p", "192.0.2.0/24") with
                {
                    ServiceAllocation = new ServiceAllocationSpec
                    {
                        Priority = 1,
                        Namespaces = ["explicit"],
                        NamespaceSelectors = [s_teamA],
                        ServiceSelectors = [s_teamA],
                    },
                },
            ],
            Namespaces =
            [
                new NamespaceInfo { Name = "ns-a", Labels = s_teamA.MatchLabels },
                new NamespaceInfo { Name = "ns-b", Labels = ImmutableDictionary<string, string>.Empty.Add("team", "b") },
            ],
        });
        var allocation = config.Pools["p"].Allocation!;
        Assert.Equal(["explicit", "ns-a"], allocation.Namespaces.Order(StringComparer.Ordinal));
        Assert.Equal("team=a", Assert.Single(allocation.ServiceSelectors).ToString());
    }

    [Fact]
    public void Parse_ServiceAllocationNamespacesOnly_HasNoServiceSelectors()
    {
        var config = Valid(new ConfigurationResources
        {
            Pools = [Pool("p", "192.0.2.0/24") with { ServiceAllocation = new ServiceAllocationSpec { Namespaces = ["a", "b"] } }],
        });
        Assert.Empty(config.Pools["p"].Allocation!.ServiceSelectors);
        Assert.Equal(2, config.Pools["p"].Allocation!.Namespaces.Count);
    }

    [Fact]
    public void Parse_ServiceAllocationDuplicateNamespace_Rejected()
        => Error(
            new ConfigurationResources
            {
                Pools = [Pool("p", "192.0.2.0/24") with { ServiceAllocation = new ServiceAllocationSpec { Namespaces = ["a", "a"] } }],
            },
            "IPAddressPool", "p", "duplicate definition in namespaces field");

    [Fact]
    public void Parse_ServiceAllocationDuplicateSelectors_Rejected()
        => Error(
            new ConfigurationResources
            {
                Pools =
                [
                    Pool("p", "192.0.2.0/24") with
                    {
                        ServiceAllocation = new ServiceAllocationSpec { ServiceSelectors = [s_teamA, s_teamA with { }] },
                    },
                ],
            },
            "IPAddressPool", "p", "duplicate definition of serviceSelectors \"team=a\"");

    [Fact]
    public void Parse_ServiceAllocationInvalidNamespaceSelector_Rejected()
        => Error(
            new ConfigurationResources
            {
                Pools =
                [
                    Pool("p", "192.0.2.0/24") with
                    {
                        ServiceAllocation = new ServiceAllocationSpec
                        {
                            NamespaceSelectors = [new LabelSelector { MatchExpressions = [new("team", "Has", ["a"])] }],
                        },
                    },
                ],
            },
            "IPAddressPool", "p", "spec.serviceAllocation.namespaceSelectors[0]: \"Has\" is not a valid label selector operator");

    [Theory]
    [InlineData(null)]
    [InlineData("metallb-system")]
    public void Parse_NamespaceNullOrMetalLb_Accepted(string? ns)
        => Assert.Single(Valid(new ConfigurationResources { Pools = [Pool("p", "192.0.2.0/24") with { Namespace = ns }] }).Pools);

    [Fact]
    public void Parse_PoolOutsideMetalLbNamespace_WarnedAndIgnored()
    {
        var resources = new ConfigurationResources
        {
            MetalLbNamespace = "lb",
            Pools = [Pool("p", "192.0.2.0/24") with { Namespace = "default" }],
        };
        var d = Warning(resources, "IPAddressPool", "p", "resource must be created in lb namespace");
        Assert.Equal("test.yaml", d.Origin);
        Assert.Empty(Valid(resources).Pools);
    }

    [Fact]
    public void Parse_ManyErrors_AllReported()
    {
        var result = MetalLbConfigurationParser.Parse(new ConfigurationResources
        {
            Pools = [Pool("a"), Pool("b", "x"), Pool("c", "192.0.2.0/24")],
        });
        Assert.False(result.IsValid);
        Assert.Equal(["a", "b"], result.Errors.Select(e => e.Name));
    }
}
