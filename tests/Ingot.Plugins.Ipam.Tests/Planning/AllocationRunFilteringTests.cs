using Ingot.Sdk.Configuration;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>Which Services the allocator answers for: type, loadBalancerClass, and usable clusterIPs.</summary>
public class AllocationRunFilteringTests
{
    private static readonly AddressPool[] s_pool = [Pool("p", "192.0.2.0/24")];

    [Fact]
    public void Allocate_NotLoadBalancer_IsNotInTheResult()
    {
        var result = Allocate(s_pool, Service("default/cluster", "192.0.2.0") with { Type = "ClusterIP" }, Service("default/lb"));

        Assert.Equal(["default/lb"], result.Assignments.Select(a => a.Service.ToString()));
        Assert.Equal(["192.0.2.0"], result.Ips("default/lb"));
    }

    [Fact]
    public void Allocate_NoClassConfigured_ServesOnlyServicesWithoutClass()
    {
        var result = Allocate(State(s_pool, Service("default/mine"), Service("default/theirs") with { LoadBalancerClass = "other.io/lb" }));

        Assert.Equal(["default/mine"], result.Assignments.Select(a => a.Service.ToString()));
    }

    [Fact]
    public void Allocate_ClassConfigured_ServesOnlyThatClass()
    {
        var state = State(s_pool,
            Service("default/none"),
            Service("default/ours") with { LoadBalancerClass = "ingot.io/lb" },
            Service("default/other") with { LoadBalancerClass = "other.io/lb" });

        var result = Allocate(state, lbClass: "ingot.io/lb");

        Assert.Equal(["default/ours"], result.Assignments.Select(a => a.Service.ToString()));
    }

    [Fact]
    public void Allocate_NoClusterIPs_GetsNoAddressAndAnError()
    {
        var result = Allocate(s_pool, Service("default/s1", "192.0.2.4") with { ClusterIPs = [] });

        Assert.Empty(result.Ips("default/s1"));
        Assert.Equal("Service has no clusterIPs, so its IP family is unknown", result.For("default/s1").Error);
        Assert.Equal(0, result.Pools.Single().InUseIPv4);
    }

    [Theory]
    [InlineData("10.96.0", "invalid clusterIP \"10.96.0\": cannot determine the Service's IP family")]
    [InlineData("fe80::1%eth0", "invalid clusterIP \"fe80::1%eth0\": cannot determine the Service's IP family")]
    public void Allocate_UnparseableClusterIP_GetsNoAddressAndAnError(string clusterIP, string error)
    {
        var result = Allocate(s_pool, Service("default/s1") with { ClusterIPs = [clusterIP] });

        Assert.Empty(result.Ips("default/s1"));
        Assert.Equal(error, result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_TwoClusterIPsOfOneFamily_GetsNoAddressAndAnError()
    {
        var result = Allocate(s_pool, Service("default/s1") with { ClusterIPs = ["10.96.0.1", "10.96.0.2"] });

        Assert.Equal("invalid clusterIPs [10.96.0.1 10.96.0.2]: expected one address, or two of different families", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_ReleasedByFilter_FreesTheAddressForOthers()
    {
        var result = Allocate(s_pool,
            Service("default/now-clusterip", "192.0.2.0") with { Type = "ClusterIP" },
            Service("default/new"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/new"));
    }
}
