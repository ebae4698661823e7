using Ingot.Sdk.Configuration;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>Address sharing: same sharing key, same backend key, disjoint (protocol, port) pairs (MetalLB's <c>checkSharing</c>).</summary>
public class AllocationRunSharingTests
{
    private static readonly AddressPool[] s_pool = [Pool("p", "192.0.2.0/24")];

    [Fact]
    public void Allocate_SameKeyDisjointPorts_ShareOneAddress()
    {
        var result = Allocate(s_pool,
            Service("default/dns-tcp").Shared("dns", "tcp/53"),
            Service("default/dns-udp").Shared("dns", "udp/53"),
            Service("default/web").Shared("dns", "tcp/80"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/dns-tcp"));
        Assert.Equal(["192.0.2.0"], result.Ips("default/dns-udp"));
        Assert.Equal(["192.0.2.0"], result.Ips("default/web"));
        Assert.Equal(1, result.Pools.Single().InUseIPv4);
    }

    [Fact]
    public void Allocate_SameKeySamePort_GetsAnotherAddress()
    {
        var result = Allocate(s_pool, Service("default/a").Shared("k", "tcp/80"), Service("default/b").Shared("k", "tcp/80"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/a"));
        Assert.Equal(["192.0.2.1"], result.Ips("default/b"));
    }

    [Fact]
    public void Allocate_ExplicitSameIPSamePort_ReportsPortConflict()
    {
        var result = Allocate(s_pool,
            Service("default/a").Shared("k", "tcp/80") with { LoadBalancerIP = "192.0.2.10" },
            Service("default/b").Shared("k", "tcp/80", "tcp/443") with { LoadBalancerIP = "192.0.2.10" });

        Assert.Equal(["192.0.2.10"], result.Ips("default/a"));
        Assert.Equal("port TCP/80 is already in use on \"192.0.2.10\" by default/a", result.For("default/b").Error);
    }

    [Theory]
    [InlineData("k", "other")]
    [InlineData("k", "")]
    [InlineData("", "k")]
    public void Allocate_ExplicitSameIPDifferentKeys_ReportsSharingKeyMismatch(string first, string second)
    {
        var a = Service("default/web").Ports("tcp/80") with { LoadBalancerIP = "192.0.2.10" };
        var b = Service("default/web2").Ports("tcp/443") with { LoadBalancerIP = "192.0.2.10" };
        a = first.Length > 0 ? a.Annotated("metallb.io/allow-shared-ip", first) : a;
        b = second.Length > 0 ? b.Annotated("metallb.io/allow-shared-ip", second) : b;

        var result = Allocate(s_pool, a, b);

        Assert.Equal(["192.0.2.10"], result.Ips("default/web"));
        Assert.Equal("sharing key mismatch with default/web on 192.0.2.10", result.For("default/web2").Error);
    }

    [Fact]
    public void Allocate_DifferentKeys_GetDifferentAddresses()
    {
        var result = Allocate(s_pool, Service("default/a").Shared("k1", "tcp/80"), Service("default/b").Shared("k2", "tcp/443"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/a"));
        Assert.Equal(["192.0.2.1"], result.Ips("default/b"));
    }

    [Fact]
    public void Allocate_LocalAndClusterWithSameKey_DoNotShare()
    {
        var result = Allocate(s_pool,
            Service("default/a").Shared("k", "tcp/80").Local(("app", "x")),
            Service("default/b").Shared("k", "tcp/443"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/a"));
        Assert.Equal(["192.0.2.1"], result.Ips("default/b"));
    }

    [Fact]
    public void Allocate_LocalWithSameSelector_Share()
    {
        var result = Allocate(s_pool,
            Service("default/a").Shared("k", "tcp/80").Local(("app", "x"), ("tier", "web")),
            Service("default/b").Shared("k", "tcp/443").Local(("tier", "web"), ("app", "x")));

        Assert.Equal(["192.0.2.0"], result.Ips("default/b"));
    }

    [Fact]
    public void Allocate_ExplicitLocalWithDifferentSelector_ReportsBackendMismatch()
    {
        var result = Allocate(s_pool,
            Service("default/a").Shared("k", "tcp/80").Local(("app", "x")) with { LoadBalancerIP = "192.0.2.10" },
            Service("default/b").Shared("k", "tcp/443").Local(("app", "y")) with { LoadBalancerIP = "192.0.2.10" });

        Assert.StartsWith("backend key mismatch with default/a on 192.0.2.10", result.For("default/b").Error);
    }

    [Fact]
    public void Allocate_SharedAddressAboveLowestFree_LowestFreeWins()
    {
        // MetalLB walks the block from its lowest address and takes the first one the Service may use: a free one below a
        // shareable one wins.
        var result = Allocate(s_pool,
            Service("default/held", "192.0.2.5").Shared("k", "tcp/80"),
            Service("default/new").Shared("k", "tcp/443"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/new"));
    }

    [Fact]
    public void Allocate_SharedAddressBelowLowestFree_IsShared()
    {
        var result = Allocate(s_pool,
            Service("default/held", "192.0.2.0").Shared("k", "tcp/80"),
            Service("default/other", "192.0.2.1"),
            Service("default/new").Shared("k", "tcp/443"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/new"));
    }

    [Fact]
    public void Allocate_HolderChangedItsKeyAlone_KeepsAddress()
    {
        var result = Allocate(s_pool, Service("default/a", "192.0.2.7").Shared("renamed", "tcp/80"));

        Assert.Equal(["192.0.2.7"], result.Ips("default/a"));
    }

    [Fact]
    public void Allocate_HoldersSharingWithSameKey_BothKeep()
    {
        var result = Allocate(s_pool,
            Service("default/a", "192.0.2.7").Shared("k", "tcp/80"),
            Service("default/b", "192.0.2.7").Shared("k", "udp/53"));

        Assert.Equal(["192.0.2.7"], result.Ips("default/a"));
        Assert.Equal(["192.0.2.7"], result.Ips("default/b"));
    }

    [Fact]
    public void Allocate_HoldersClaimingOneAddressWithoutSharing_FirstKeepsSecondMoves()
    {
        var result = Allocate(s_pool, Service("default/b", "192.0.2.7"), Service("default/a", "192.0.2.7"));

        Assert.Equal(["192.0.2.7"], result.Ips("default/a"));
        Assert.Equal(["192.0.2.0"], result.Ips("default/b"));
        Assert.Null(result.For("default/b").Error);
    }

    [Fact]
    public void Allocate_LegacySharingAnnotation_IsRead()
    {
        var result = Allocate(s_pool,
            Service("default/a").Annotated("metallb.universe.tf/allow-shared-ip", "k").Ports("tcp/80"),
            Service("default/b").Annotated("metallb.universe.tf/allow-shared-ip", "k").Ports("tcp/443"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/b"));
    }

    [Fact]
    public void Allocate_ManySharingGroups_EachGroupStaysTogether()
    {
        var services = Enumerable.Range(0, 30)
            .Select(i => Service($"default/s{i:D2}").Shared($"group{i % 3}", $"tcp/{1000 + i}"))
            .ToArray();

        var result = Allocate(s_pool, services);

        Assert.Equal(["192.0.2.0"], result.Ips("default/s00"));
        Assert.Equal(["192.0.2.1"], result.Ips("default/s01"));
        Assert.Equal(["192.0.2.2"], result.Ips("default/s02"));
        Assert.Equal(["192.0.2.0"], result.Ips("default/s27"));
        Assert.Equal(["192.0.2.2"], result.Ips("default/s29"));
        Assert.Equal(3, result.Pools.Single().InUseIPv4);
    }
}
