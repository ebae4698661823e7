using Ingot.Sdk.Configuration;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>Automatic allocation: MetalLB's <c>Allocate</c> (pinned pools by priority, then unrestricted auto-assign pools).</summary>
public class AllocationRunAllocateTests
{
    [Fact]
    public void Allocate_SmallPool_HandsOutLowestFirstThenReportsExhaustion()
    {
        var result = Allocate([Pool("p", "192.0.2.0/30")],
            Service("default/s1"), Service("default/s2"), Service("default/s3"), Service("default/s4"), Service("default/s5"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/s1"));
        Assert.Equal(["192.0.2.1"], result.Ips("default/s2"));
        Assert.Equal(["192.0.2.2"], result.Ips("default/s3"));
        Assert.Equal(["192.0.2.3"], result.Ips("default/s4"));
        Assert.Empty(result.Ips("default/s5"));
        Assert.Null(result.For("default/s5").Pool);
        Assert.Equal("no available IPs in pool \"p\"", result.For("default/s5").Error);
    }

    [Fact]
    public void Allocate_SeveralFullPools_NamesThemAll()
    {
        var result = Allocate([Pool("a", "192.0.2.0/32"), Pool("b", "192.0.2.1/32")],
            Service("default/s1"), Service("default/s2"), Service("default/s3"));

        Assert.Equal("no available IPs in pools \"a\", \"b\"", result.For("default/s3").Error);
    }

    [Fact]
    public void Allocate_AvoidBuggyIPs_SkipsDotZeroAndDot255AcrossBlocks()
    {
        var services = Enumerable.Range(0, 256).Select(i => Service($"default/s{i:D3}")).ToArray();

        var result = Allocate([Pool("p", "192.0.2.0/23").AvoidBuggy()], services);

        Assert.Equal(["192.0.2.1"], result.Ips("default/s000"));
        Assert.Equal(["192.0.2.254"], result.Ips("default/s253"));
        Assert.Equal(["192.0.3.1"], result.Ips("default/s254"));
        Assert.Equal(["192.0.3.2"], result.Ips("default/s255"));
    }

    [Fact]
    public void Allocate_HolderInTheMiddle_DoesNotChangeLowestFirst()
    {
        var result = Allocate([Pool("p", "192.0.2.0/29")],
            Service("default/a"), Service("default/b"), Service("default/held", "192.0.2.1"));

        Assert.Equal(["192.0.2.1"], result.Ips("default/held"));
        Assert.Equal(["192.0.2.0"], result.Ips("default/a"));
        Assert.Equal(["192.0.2.2"], result.Ips("default/b"));
    }

    [Fact]
    public void Allocate_ManualPool_IsNeverUsedAutomatically()
    {
        var result = Allocate([Pool("manual", "192.0.2.0/24").Manual()], Service("default/s1"));

        Assert.Equal("no available IPs: no auto-assign IPAddressPool may serve this Service", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_UnrestrictedPools_AreTriedInNameOrder()
    {
        var result = Allocate([Pool("b", "198.51.100.0/24"), Pool("a", "203.0.113.0/24")], Service("default/s1"));

        Assert.Equal(["203.0.113.0"], result.Ips("default/s1"));
        Assert.Equal("a", result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_FirstPoolFull_MovesToTheNext()
    {
        var result = Allocate([Pool("a", "192.0.2.0/32"), Pool("b", "198.51.100.0/24")], Service("default/s1"), Service("default/s2"));

        Assert.Equal("a", result.For("default/s1").Pool);
        Assert.Equal(["198.51.100.0"], result.Ips("default/s2"));
        Assert.Equal("b", result.For("default/s2").Pool);
    }

    [Fact]
    public void Allocate_SeveralBlocks_UsesTheFirstBlockOfTheFamilyFirst()
    {
        var result = Allocate([Pool("p", "198.51.100.8/31", "192.0.2.0/24")],
            Service("default/s1"), Service("default/s2"), Service("default/s3"));

        Assert.Equal(["198.51.100.8"], result.Ips("default/s1"));
        Assert.Equal(["198.51.100.9"], result.Ips("default/s2"));
        Assert.Equal(["192.0.2.0"], result.Ips("default/s3"));
    }

    [Fact]
    public void Allocate_NamespacePinnedPool_WinsForItsNamespaceOnly()
    {
        AddressPool[] pools = [Pool("a-shared", "192.0.2.0/24"), Pool("team", "198.51.100.0/24").InNamespaces("team-a")];

        var result = Allocate(pools, Service("team-a/web"), Service("team-b/web"));

        Assert.Equal("team", result.For("team-a/web").Pool);
        Assert.Equal("a-shared", result.For("team-b/web").Pool);
    }

    [Fact]
    public void Allocate_SelectorPinnedPool_WinsForMatchingLabels()
    {
        AddressPool[] pools = [Pool("a-shared", "192.0.2.0/24"), Pool("gold", "198.51.100.0/24").ForLabels(("tier", "gold"))];

        var result = Allocate(pools, Service("default/gold").Labelled("tier", "gold"), Service("default/plain"));

        Assert.Equal("gold", result.For("default/gold").Pool);
        Assert.Equal("a-shared", result.For("default/plain").Pool);
    }

    [Fact]
    public void Allocate_PinnedPools_GoByPriorityThenZeroLastThenName()
    {
        AddressPool[] pools =
        [
            Pool("p0", "192.0.2.0/32").InNamespaces("ns"),
            Pool("p20", "192.0.2.1/32").InNamespaces("ns").WithPriority(20),
            Pool("p10b", "192.0.2.3/32").InNamespaces("ns").WithPriority(10),
            Pool("p10a", "192.0.2.2/32").InNamespaces("ns").WithPriority(10),
        ];

        var result = Allocate(pools,
            Service("ns/s1"), Service("ns/s2"), Service("ns/s3"), Service("ns/s4"), Service("ns/s5"));

        Assert.Equal("p10a", result.For("ns/s1").Pool);
        Assert.Equal("p10b", result.For("ns/s2").Pool);
        Assert.Equal("p20", result.For("ns/s3").Pool);
        Assert.Equal("p0", result.For("ns/s4").Pool);
        Assert.Equal("no available IPs in pools \"p10a\", \"p10b\", \"p20\", \"p0\"", result.For("ns/s5").Error);
    }

    [Fact]
    public void Allocate_PriorityOnlyPool_IsPinnedForEveryService()
    {
        AddressPool[] pools = [Pool("a", "192.0.2.0/24"), Pool("z-preferred", "198.51.100.0/24").WithPriority(5)];

        var result = Allocate(pools, Service("any/s1"));

        Assert.Equal("z-preferred", result.For("any/s1").Pool);
    }

    [Fact]
    public void Allocate_PinnedPoolFull_FallsBackToUnrestrictedPools()
    {
        AddressPool[] pools = [Pool("team", "198.51.100.0/32").InNamespaces("team-a"), Pool("z", "192.0.2.0/24")];

        var result = Allocate(pools, Service("team-a/s1"), Service("team-a/s2"));

        Assert.Equal("team", result.For("team-a/s1").Pool);
        Assert.Equal("z", result.For("team-a/s2").Pool);
    }

    [Fact]
    public void Allocate_PinnedPoolWithoutAutoAssign_IsSkipped()
    {
        AddressPool[] pools = [Pool("team", "198.51.100.0/24").InNamespaces("team-a").Manual(), Pool("z", "192.0.2.0/24")];

        var result = Allocate(pools, Service("team-a/s1"));

        Assert.Equal("z", result.For("team-a/s1").Pool);
    }

    [Fact]
    public void Allocate_RestrictedPoolOnly_DoesNotServeOtherServices()
    {
        var result = Allocate([Pool("team", "198.51.100.0/24").InNamespaces("team-a")], Service("team-b/s1"));

        Assert.Equal("no available IPs: no auto-assign IPAddressPool may serve this Service", result.For("team-b/s1").Error);
    }

    [Fact]
    public void Allocate_NamespaceAndSelector_BothMustMatch()
    {
        AddressPool[] pools = [Pool("both", "198.51.100.0/24").InNamespaces("ns1").ForLabels(("team", "metallb")), Pool("z", "192.0.2.0/24")];

        var result = Allocate(pools,
            Service("ns1/match").Labelled("team", "metallb"),
            Service("ns2/wrong-ns").Labelled("team", "metallb"),
            Service("ns1/wrong-label").Labelled("team", "red"));

        Assert.Equal("both", result.For("ns1/match").Pool);
        Assert.Equal("z", result.For("ns2/wrong-ns").Pool);
        Assert.Equal("z", result.For("ns1/wrong-label").Pool);
    }

    [Fact]
    public void Allocate_NoPools_ReportsMissingConfiguration()
    {
        var result = Allocate([], Service("default/s1"));

        Assert.Equal("no IPAddressPool is configured", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_IPv6ServiceWithOnlyIPv4Pools_SaysSo()
    {
        var result = Allocate([Pool("a", "192.0.2.0/24")], Service("default/s1").IPv6());

        Assert.Equal("no available IPs: no pool for this Service has ipv6 addresses (tried \"a\")", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_IPv6Service_GetsLowestIPv6()
    {
        var result = Allocate([Pool("a", "192.0.2.0/24", "2001:db8::/120")], Service("default/s1").IPv6(), Service("default/s2").IPv6());

        Assert.Equal(["2001:db8::"], result.Ips("default/s1"));
        Assert.Equal(["2001:db8::1"], result.Ips("default/s2"));
    }
}
