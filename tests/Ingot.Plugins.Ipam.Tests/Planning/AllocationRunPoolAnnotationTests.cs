using Ingot.Sdk.Configuration;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary><c>metallb.io/address-pool</c>: MetalLB's <c>AllocateFromPool</c>.</summary>
public class AllocationRunPoolAnnotationTests
{
    private static readonly AddressPool[] s_pools =
    [
        Pool("auto", "192.0.2.0/24"),
        Pool("manual", "198.51.100.0/30").Manual(),
        Pool("team", "203.0.113.0/24").InNamespaces("team-a"),
    ];

    [Fact]
    public void Allocate_PoolAnnotation_AllocatesFromThatPoolEvenWithoutAutoAssign()
    {
        var result = Allocate(s_pools, Service("default/s1").Annotated("metallb.io/address-pool", "manual"));

        Assert.Equal(["198.51.100.0"], result.Ips("default/s1"));
        Assert.Equal("manual", result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_LegacyPoolAnnotation_IsRead()
    {
        var result = Allocate(s_pools, Service("default/s1").Annotated("metallb.universe.tf/address-pool", "manual"));

        Assert.Equal("manual", result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_BothPoolAnnotations_NewKeyWins()
    {
        var service = Service("default/s1")
            .Annotated("metallb.universe.tf/address-pool", "auto")
            .Annotated("metallb.io/address-pool", "manual");

        var result = Allocate(s_pools, service);

        Assert.Equal("manual", result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_UnknownPool_IsAnError()
    {
        var result = Allocate(s_pools, Service("default/s1").Annotated("metallb.io/address-pool", "nope"));

        Assert.Empty(result.Ips("default/s1"));
        Assert.Equal("unknown pool \"nope\"", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_AnnotatedPoolFull_ReportsThePool()
    {
        var services = Enumerable.Range(1, 5)
            .Select(i => Service($"default/s{i}").Annotated("metallb.io/address-pool", "manual"))
            .ToArray();

        var result = Allocate(s_pools, services);

        Assert.Equal(["198.51.100.3"], result.Ips("default/s4"));
        Assert.Equal("no available IPs in pool \"manual\"", result.For("default/s5").Error);
    }

    [Fact]
    public void Allocate_AnnotatedPoolRestrictedToOtherNamespace_IsRefused()
    {
        var result = Allocate(s_pools, Service("team-b/s1").Annotated("metallb.io/address-pool", "team"));

        Assert.Equal(
            "pool \"team\" not compatible for ip assignment: namespace \"team-b\" is not in its serviceAllocation",
            result.For("team-b/s1").Error);
    }

    [Fact]
    public void Allocate_HolderAskingForAnotherPool_MovesToIt()
    {
        var service = Service("default/s1", "192.0.2.9").Annotated("metallb.io/address-pool", "manual");

        var result = Allocate(s_pools, service);

        Assert.Equal(["198.51.100.0"], result.Ips("default/s1"));
        Assert.Equal("manual", result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_HolderInAnnotatedPool_Keeps()
    {
        var result = Allocate(s_pools, Service("default/s1", "198.51.100.2").Annotated("metallb.io/address-pool", "manual"));

        Assert.Equal(["198.51.100.2"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_DualServiceFromSingleFamilyPool_ReportsDualFamily()
    {
        var service = Service("default/s1").Dual(Sdk.Cluster.IpFamilyPolicy.RequireDualStack).Annotated("metallb.io/address-pool", "auto");

        var result = Allocate(s_pools, service);

        Assert.Equal("no available IPs in pool \"auto\" for dual IPFamily", result.For("default/s1").Error);
    }
}
