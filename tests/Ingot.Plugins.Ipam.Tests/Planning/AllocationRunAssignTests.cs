using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>Explicit addresses (<c>spec.loadBalancerIP</c>, <c>metallb.io/loadBalancerIPs</c>): MetalLB's <c>Assign</c>.</summary>
public class AllocationRunAssignTests
{
    private static readonly AddressPool[] s_pools =
    [
        Pool("test", "1.2.3.4/31", "1000::4/127"),
        Pool("test2", "1.2.4.0/24", "1000::4:0/120").AvoidBuggy(),
        Pool("test3", "1.2.5.0/24", "1000::5:0/120").AvoidBuggy().InNamespaces("test-ns1"),
        Pool("test4", "1.2.6.0/24", "1000::6:0/120").AvoidBuggy().ForLabels(("team", "metallb")),
    ];

    [Theory]
    [InlineData("1.2.3.4", "test")]
    [InlineData("1.2.3.5", "test")]
    [InlineData("1.2.4.254", "test2")]
    [InlineData("1.2.4.1", "test2")]
    [InlineData("1000::4", "test")]
    [InlineData("1000::4:ff", "test2")]
    public void Allocate_LoadBalancerIPInPool_GetsItFromThatPool(string ip, string pool)
    {
        var service = Service("default/s1") with { LoadBalancerIP = ip };
        if (ip.Contains(':'))
        {
            service = service.IPv6();
        }

        var result = Allocate(s_pools, service);

        Assert.Equal([ip], result.Ips("default/s1"));
        Assert.Equal(pool, result.For("default/s1").Pool);
        Assert.Null(result.For("default/s1").Error);
    }

    [Theory]
    [InlineData("1.2.4.0")]
    [InlineData("1.2.4.255")]
    [InlineData("192.0.2.7")]
    public void Allocate_LoadBalancerIPNotUsable_ReportsNotAllowed(string ip)
    {
        var result = Allocate(s_pools, Service("default/s1") with { LoadBalancerIP = ip });

        Assert.Empty(result.For("default/s1").Addresses);
        Assert.Null(result.For("default/s1").Pool);
        Assert.Equal($"\"{ip}\" is not allowed in config", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_TwoServicesWantOneIP_FirstByNameGetsItSecondGetsSharingError()
    {
        var result = Allocate(s_pools,
            Service("default/s2") with { LoadBalancerIP = "1.2.3.4" },
            Service("default/s1") with { LoadBalancerIP = "1.2.3.4" });

        Assert.Equal(["1.2.3.4"], result.Ips("default/s1"));
        Assert.Empty(result.Ips("default/s2"));
        Assert.Equal("sharing key mismatch with default/s1 on 1.2.3.4", result.For("default/s2").Error);
    }

    [Fact]
    public void Allocate_PinnedNamespacePool_AllowsOnlyThatNamespace()
    {
        var result = Allocate(s_pools,
            Service("test-ns1/s1") with { LoadBalancerIP = "1.2.5.10" },
            Service("other/s1") with { LoadBalancerIP = "1.2.5.11" });

        Assert.Equal(["1.2.5.10"], result.Ips("test-ns1/s1"));
        Assert.Equal(
            "pool \"test3\" not compatible for ip assignment: namespace \"other\" is not in its serviceAllocation",
            result.For("other/s1").Error);
    }

    [Fact]
    public void Allocate_PinnedSelectorPool_AllowsOnlyMatchingLabels()
    {
        var result = Allocate(s_pools,
            Service("ns/blue").Labelled("team", "metallb") with { LoadBalancerIP = "1.2.6.10" },
            Service("ns/red").Labelled("team", "red") with { LoadBalancerIP = "1.2.6.11" });

        Assert.Equal(["1.2.6.10"], result.Ips("ns/blue"));
        Assert.Equal(
            "pool \"test4\" not compatible for ip assignment: the Service's labels match none of its serviceSelectors",
            result.For("ns/red").Error);
    }

    [Fact]
    public void Allocate_LoadBalancerIPsAnnotationDual_KeepsUserOrder()
    {
        var service = Service("default/s1").Dual(IpFamilyPolicy.RequireDualStack)
            .Annotated("metallb.io/loadBalancerIPs", "1000::4, 1.2.3.4");

        var result = Allocate(s_pools, service);

        Assert.Equal(["1000::4", "1.2.3.4"], result.Ips("default/s1"));
        Assert.Equal("test", result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_DualAddressesFromDifferentPools_AreRefused()
    {
        var service = Service("default/s1").Dual(IpFamilyPolicy.RequireDualStack)
            .Annotated("metallb.io/loadBalancerIPs", "1.2.4.5,1000::4");

        var result = Allocate(s_pools, service);

        Assert.Empty(result.Ips("default/s1"));
        Assert.StartsWith("\"1.2.4.5\" \"1000::4\" is not allowed in config: the addresses are in different pools", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_LegacyAnnotation_IsRead()
    {
        var result = Allocate(s_pools, Service("default/s1").Annotated("metallb.universe.tf/loadBalancerIPs", "1.2.3.5"));

        Assert.Equal(["1.2.3.5"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_NewAnnotationPresentButEmpty_WinsOverLegacy()
    {
        var service = Service("default/s1")
            .Annotated("metallb.universe.tf/loadBalancerIPs", "1.2.3.5")
            .Annotated("metallb.io/loadBalancerIPs", "");

        var result = Allocate([Pool("test", "1.2.3.4/31")], service);

        // The empty new key means "no request", so the lowest free address is allocated.
        Assert.Equal(["1.2.3.4"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_AnnotationAndSpecBoth_IsAnError()
    {
        var service = Service("default/s1").Annotated("metallb.io/loadBalancerIPs", "1.2.3.4") with { LoadBalancerIP = "1.2.3.5" };

        var result = Allocate(s_pools, service);

        Assert.Empty(result.Ips("default/s1"));
        Assert.Equal("service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP", result.For("default/s1").Error);
    }

    [Theory]
    [InlineData("1.2.3", "invalid spec.loadBalancerIP \"1.2.3\"")]
    [InlineData("banana", "invalid spec.loadBalancerIP \"banana\"")]
    public void Allocate_UnparseableLoadBalancerIP_IsAnError(string ip, string error)
    {
        var result = Allocate(s_pools, Service("default/s1") with { LoadBalancerIP = ip });

        Assert.Equal(error, result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_AnnotationWithTwoAddressesOfOneFamily_IsAnError()
    {
        var result = Allocate(s_pools, Service("default/s1").Annotated("metallb.io/loadBalancerIPs", "1.2.3.4,1.2.3.5"));

        Assert.Equal(
            "invalid metallb.io/loadBalancerIPs: \"1.2.3.4,1.2.3.5\": expected one address, or two of different families",
            result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_RequestedFamilyDiffersFromService_IsAnError()
    {
        var result = Allocate(s_pools, Service("default/s1").IPv6() with { LoadBalancerIP = "1.2.3.4" });

        Assert.Equal("requested loadBalancer IP(s) \"1.2.3.4\" does not match the ipFamily of the service", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_RequestedIPOutsideAnnotatedPool_IsAnError()
    {
        var service = Service("default/s1").Annotated("metallb.io/address-pool", "test2") with { LoadBalancerIP = "1.2.3.4" };

        var result = Allocate(s_pools, service);

        Assert.Equal(
            "requested loadBalancer IP(s) \"1.2.3.4\" is not compatible with requested address pool \"test2\"",
            result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_RequestedIPInsideAnnotatedPool_IsAssigned()
    {
        var service = Service("default/s1").Annotated("metallb.io/address-pool", "test2") with { LoadBalancerIP = "1.2.4.9" };

        var result = Allocate(s_pools, service);

        Assert.Equal(["1.2.4.9"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_RequestedIPInManualPool_IsAssigned()
    {
        var result = Allocate([Pool("manual", "192.0.2.0/24").Manual()], Service("default/s1") with { LoadBalancerIP = "192.0.2.40" });

        Assert.Equal(["192.0.2.40"], result.Ips("default/s1"));
    }
}
