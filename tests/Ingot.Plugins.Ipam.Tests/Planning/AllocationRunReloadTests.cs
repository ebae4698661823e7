using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>
/// Configuration changes and restarts: everything is recomputed from the snapshot; addresses that stay valid are kept,
/// the rest released, then waiting Services are served (MetalLB's <c>TestConfigReload</c> and startup ordering).
/// </summary>
public class AllocationRunReloadTests
{
    public static TheoryData<string, AddressPool[], string, string?> Reloads => new()
    {
        { "expand keeps", [Pool("p", "192.0.2.0/23")], "192.0.2.200", "p" },
        { "shrink around keeps", [Pool("p", "192.0.2.128/25")], "192.0.2.200", "p" },
        { "shrink excluding moves", [Pool("p", "192.0.2.0/25")], "192.0.2.0", "p" },
        { "rename follows", [Pool("renamed", "192.0.2.0/24")], "192.0.2.200", "renamed" },
        { "split follows", [Pool("low", "192.0.2.0/25"), Pool("high", "192.0.2.128/25")], "192.0.2.200", "high" },
        { "range summarised keeps", [Pool("p", "192.0.2.192/27", "192.0.2.224/28")], "192.0.2.200", "p" },
        { "removed is an error", [Pool("other", "198.51.100.0/32").Manual()], "", null },
    };

    [Theory]
    [MemberData(nameof(Reloads))]
    public void Allocate_AfterConfigChange_KeepsValidAddresses(string description, AddressPool[] pools, string expected, string? pool)
    {
        var result = Allocate(pools, Service("default/s1", "192.0.2.200"));

        Assert.True(expected.Length == 0 ? result.Ips("default/s1").Length == 0 : result.Ips("default/s1").SequenceEqual([expected]), description);
        Assert.Equal(pool, result.For("default/s1").Pool);
    }

    [Fact]
    public void Allocate_AddressRemovedAndNothingFree_ExplainsTheRelease()
    {
        var result = Allocate([Pool("other", "198.51.100.0/32").Manual()], Service("default/s1", "192.0.2.200"));

        Assert.Equal(
            "no available IPs: no auto-assign IPAddressPool may serve this Service (its previous addresses \"192.0.2.200\" were released: \"192.0.2.200\" is not allowed in config)",
            result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_AvoidBuggyIPsTurnedOn_MovesDotZeroHolder()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24").AvoidBuggy()], Service("default/s1", "192.0.2.0"), Service("default/s2", "192.0.2.1"));

        Assert.Equal(["192.0.2.1"], result.Ips("default/s2"));
        Assert.Equal(["192.0.2.2"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_PoolRestrictedAway_MovesHolderToAllowedPool()
    {
        AddressPool[] pools = [Pool("p", "192.0.2.0/24").InNamespaces("team-a"), Pool("z", "198.51.100.0/24")];

        var result = Allocate(pools, Service("default/s1", "192.0.2.5"), Service("team-a/s1", "192.0.2.6"));

        Assert.Equal(["198.51.100.0"], result.Ips("default/s1"));
        Assert.Equal(["192.0.2.6"], result.Ips("team-a/s1"));
    }

    [Fact]
    public void Allocate_HolderWhoseRequestChanged_MovesToTheRequest()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24")], Service("default/s1", "192.0.2.5") with { LoadBalancerIP = "192.0.2.77" });

        Assert.Equal(["192.0.2.77"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_HolderWithUnchangedRequest_Keeps()
    {
        var service = Service("default/s1", "2001:db8::5", "192.0.2.5").Dual(IpFamilyPolicy.RequireDualStack)
            .Annotated("metallb.io/loadBalancerIPs", "192.0.2.5,2001:db8::5");

        var result = Allocate([Pool("p", "192.0.2.0/24", "2001:db8::/64")], service);

        Assert.Equal(["2001:db8::5", "192.0.2.5"], result.Ips("default/s1"));
    }

    [Fact]
    public void Allocate_HolderWithInvalidRequest_KeepsAddressAndReportsTheRequest()
    {
        var service = Service("default/s1", "192.0.2.5") with { LoadBalancerIP = "not-an-ip" };

        var result = Allocate([Pool("p", "192.0.2.0/24")], service);

        Assert.Equal(["192.0.2.5"], result.Ips("default/s1"));
        Assert.Equal("invalid spec.loadBalancerIP \"not-an-ip\"", result.For("default/s1").Error);
    }

    [Fact]
    public void Allocate_Restart_WaitingServicesNeverStealHeldAddresses()
    {
        // "a-new" sorts before every holder by name, yet the holders re-claim first.
        var result = Allocate([Pool("p", "192.0.2.0/30")],
            Service("default/a-new"),
            Service("default/z1", "192.0.2.0"),
            Service("default/z2", "192.0.2.1"),
            Service("default/z3", "192.0.2.2"),
            Service("default/z4", "192.0.2.3"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/z1"));
        Assert.Equal(["192.0.2.3"], result.Ips("default/z4"));
        Assert.Equal("no available IPs in pool \"p\"", result.For("default/a-new").Error);
    }

    [Fact]
    public void Allocate_InvalidHolder_DoesNotTakeAnotherHoldersAddressBeforeItReclaims()
    {
        // a's address left the pool; b (later by name) still holds 192.0.2.0. MetalLB would reallocate a right away and
        // could hand it b's address before b re-claims it; Ingot releases first, re-claims, then allocates.
        var result = Allocate([Pool("p", "192.0.2.0/31")], Service("default/a", "198.51.100.1"), Service("default/b", "192.0.2.0"));

        Assert.Equal(["192.0.2.0"], result.Ips("default/b"));
        Assert.Equal(["192.0.2.1"], result.Ips("default/a"));
    }

    [Fact]
    public void Allocate_Assignments_HoldersFirstThenByNamespaceAndName()
    {
        var result = Allocate([Pool("p", "192.0.2.0/24")],
            Service("b/x"), Service("a/y"), Service("z/held", "192.0.2.50"), Service("c/held", "192.0.2.51"), Service("a/x"));

        Assert.Equal(["c/held", "z/held", "a/x", "a/y", "b/x"], result.Assignments.Select(a => a.Service.ToString()));
    }

    [Fact]
    public void Allocate_SameSnapshotTwice_GivesTheSameAnswer()
    {
        var state = State([Pool("p", "192.0.2.0/24", "2001:db8::/64")],
            Service("default/a").Dual(IpFamilyPolicy.PreferDualStack),
            Service("default/b", "192.0.2.9").Shared("k", "tcp/80"),
            Service("default/c").Shared("k", "tcp/443"));

        var first = Allocate(state);
        var second = Allocate(state);

        Assert.Equal(Describe(first), Describe(second));
    }

    [Fact]
    public void Allocate_ResultFedBackAsStatus_IsAFixedPoint()
    {
        var state = State([Pool("p", "192.0.2.0/28", "2001:db8::/64"), Pool("q", "198.51.100.0/24").InNamespaces("q")],
            Service("default/a").Dual(IpFamilyPolicy.RequireDualStack),
            Service("q/b").Shared("k", "tcp/80"),
            Service("default/c").Shared("k", "tcp/443"),
            Service("default/d") with { LoadBalancerIP = "192.0.2.5" },
            Service("default/e").IPv6());

        var first = Allocate(state);
        var second = Allocate(state.WithStatus(first));

        Assert.Equal(Describe(first).Order(), Describe(second).Order());
    }

    private static string[] Describe(Sdk.Allocation.AllocationResult result)
        => result.Assignments.Select(a => $"{a.Service}={string.Join(",", a.Addresses)}@{a.Pool}!{a.Error}").ToArray();
}
