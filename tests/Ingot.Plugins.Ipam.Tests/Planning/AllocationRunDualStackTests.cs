using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>Families and dual stack: family from clusterIPs, SingleStack / PreferDualStack / RequireDualStack, ipFamilies[0].</summary>
public class AllocationRunDualStackTests
{
    [Fact]
    public void Allocate_RequireDualStack_GetsIPv4ThenIPv6FromOnePool()
    {
        var result = Allocate([Pool("v4only", "198.51.100.0/24"), Pool("z-dual", "192.0.2.0/24", "2001:db8::/64")],
            Service("default/s1").Dual(IpFamilyPolicy.RequireDualStack, ipv6First: true));

        Assert.Equal(["192.0.2.0", "2001:db8::"], result.Ips("default/s1"));
        Assert.Equal("z-dual", result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_RequireDualStackWithOneClusterIP_IsAnError()
    {
        var service = Service("default/s1") with { IpFamilyPolicy = IpFamilyPolicy.RequireDualStack };

        var result = Allocate([Pool("dual", "192.0.2.0/24", "2001:db8::/64")], service);

        Assert.Equal("not enough clusterips: Service requires dual stack but has clusterIPs [10.96.0.10]", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_RequireDualStackWithoutDualPool_Fails()
    {
        var result = Allocate([Pool("a", "192.0.2.0/24"), Pool("b", "2001:db8::/64")],
            Service("default/s1").Dual(IpFamilyPolicy.RequireDualStack));

        Assert.Equal("no available IPs in pools \"a\", \"b\"", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_PreferDualStackWithSingleFamilyPools_TakesPrimaryFamily()
    {
        AddressPool[] pools = [Pool("a", "192.0.2.0/24"), Pool("b", "2001:db8::/64")];

        var v4First = Allocate(pools, Service("default/s1").Dual(IpFamilyPolicy.PreferDualStack));
        var v6First = Allocate(pools, Service("default/s1").Dual(IpFamilyPolicy.PreferDualStack, ipv6First: true));

        Assert.Equal(["192.0.2.0"], v4First.Ips("default/s1"));
        Assert.Equal(["2001:db8::"], v6First.Ips("default/s1"));
        Assert.Equal("b", v6First.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_PreferDualStackWithDualPool_GetsBothIPv4First()
    {
        var result = Allocate([Pool("a", "192.0.2.0/24"), Pool("b", "2001:db8::/120", "198.51.100.0/24")],
            Service("default/s1").Dual(IpFamilyPolicy.PreferDualStack, ipv6First: true));

        Assert.Equal(["198.51.100.0", "2001:db8::"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_PreferDualStackHolderWithOneFamily_AddsTheMissingFamilyFromSamePool()
    {
        AddressPool[] pools = [Pool("a", "2001:db8:1::/64"), Pool("p", "192.0.2.0/24", "2001:db8::/120")];

        var result = Allocate(pools, Service("default/s1", "192.0.2.9").Dual(IpFamilyPolicy.PreferDualStack));

        Assert.Equal(["192.0.2.9", "2001:db8::"], result.Ips("default/s1"));
        Assert.Equal("p", result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_PreferDualStackHolderIPv6Only_AppendsIPv4AfterIt()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24", "2001:db8::/120")],
            Service("default/s1", "2001:db8::7").Dual(IpFamilyPolicy.PreferDualStack, ipv6First: true));

        Assert.Equal(["2001:db8::7", "192.0.2.0"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_PreferDualStackPoolWithoutMissingFamily_KeepsOneAddress()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24"), Pool("v6", "2001:db8::/64")],
            Service("default/s1", "192.0.2.9").Dual(IpFamilyPolicy.PreferDualStack));

        Assert.Equal(["192.0.2.9"], result.Ips("default/s1"));
        Assert.Null(result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_PreferDualStackOnSingleStackCluster_StaysSingle()
    {
        var service = Service("default/s1", "192.0.2.9") with { IpFamilyPolicy = IpFamilyPolicy.PreferDualStack };

        var result = Allocate([Pool("p", "192.0.2.0/24", "2001:db8::/120")], service);

        Assert.Equal(["192.0.2.9"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_IPv6ClusterIP_GetsIPv6FromDualPool()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24", "2001:db8::/120")], Service("default/s1").IPv6());

        Assert.Equal(["2001:db8::"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_DualClusterIPsSingleStackPolicy_CannotBeServed()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24", "2001:db8::/120")], Service("default/s1").Dual(IpFamilyPolicy.SingleStack));

        Assert.Empty(result.Ips("default/s1"));
        Assert.Equal("no available IPs: the Service has dual-stack clusterIPs but ipFamilyPolicy SingleStack", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_HolderOfWrongFamily_IsReallocated()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24", "2001:db8::/120")], Service("default/s1", "192.0.2.9").IPv6());

        Assert.Equal(["2001:db8::"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_RequireDualStackHolderWithOneFamily_IsReallocatedToBoth()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24", "2001:db8::/120")],
            Service("default/s1", "192.0.2.9").Dual(IpFamilyPolicy.RequireDualStack));

        Assert.Equal(["192.0.2.0", "2001:db8::"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_DualCounts_OnePerFamily()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24", "2001:db8::/120")],
            Service("default/s1").Dual(IpFamilyPolicy.RequireDualStack), Service("default/s2"));

        var usage = result.Pools.Single();
        Assert.Equal(2, usage.InUseIPv4);
        Assert.Equal(1, usage.InUseIPv6);
        Assert.Equal(3, usage.InUse);
    }
}
