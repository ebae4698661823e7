using System.Net;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>
/// Addresses the source remembers for Services that went away: kept for their return while the pool has other free
/// addresses, handed out once it has none.
/// </summary>
public class AllocationRunRememberedTests
{
    private static RememberedAssignment Remembered(string key, params string[] addresses)
    {
        var parts = key.Split('/');
        return new RememberedAssignment
        {
            Service = new ServiceKey(parts[0], parts[1]),
            Addresses = [.. addresses.Select(IPAddress.Parse)],
            ReleasedAt = DateTimeOffset.UnixEpoch,
        };
    }

    private static ClusterState WithRemembered(ClusterState state, params RememberedAssignment[] remembered)
        => state with { Remembered = remembered };

    [Fact]
    public void Allocate_LowestAddressRemembered_NewServiceGetsTheNextFreeOne()
    {
        var state = WithRemembered(State([Pool("p", "192.0.2.0/30")], Service("default/new")), Remembered("default/gone", "192.0.2.0"));

        var result = Allocate(state);

        Assert.Equal(["192.0.2.1"], result.Ips("default/new"));
    }

    [Fact]
    public void Allocate_OnlyRememberedAddressesLeft_HandsThemOutLowestFirst()
    {
        var state = WithRemembered(
            State([Pool("p", "192.0.2.0/30")], Service("default/a", "192.0.2.1"), Service("default/b", "192.0.2.3"),
                Service("default/c"), Service("default/d")),
            Remembered("default/gone1", "192.0.2.2"), Remembered("default/gone0", "192.0.2.0"));

        var result = Allocate(state);

        Assert.Equal(["192.0.2.0"], result.Ips("default/c"));
        Assert.Equal(["192.0.2.2"], result.Ips("default/d"));
    }

    [Fact]
    public void Allocate_FirstBlockHoldsOnlyRememberedAddresses_TakesTheSecondBlockFirst()
    {
        var state = WithRemembered(State([Pool("p", "192.0.2.0/31", "198.51.100.0/31")], Service("default/a"), Service("default/b"), Service("default/c")),
            Remembered("default/gone", "192.0.2.0", "192.0.2.1"));

        var result = Allocate(state);

        Assert.Equal(["198.51.100.0"], result.Ips("default/a"));
        Assert.Equal(["198.51.100.1"], result.Ips("default/b"));
        Assert.Equal(["192.0.2.0"], result.Ips("default/c"));
    }

    [Fact]
    public void Allocate_ReturningServiceAsksForItsRememberedAddress_GetsItBack()
    {
        // The source gives a returning Service its remembered addresses as status; the allocator keeps them like any holder.
        var state = WithRemembered(State([Pool("p", "192.0.2.0/30")], Service("default/a"), Service("default/back", "192.0.2.0")),
            Remembered("default/back", "192.0.2.0"));

        var result = Allocate(state);

        Assert.Equal(["192.0.2.0"], result.Ips("default/back"));
        Assert.Equal(["192.0.2.1"], result.Ips("default/a"));
    }

    [Fact]
    public void Allocate_RememberedAddress_DoesNotCountAsInUse()
    {
        var state = WithRemembered(State([Pool("p", "192.0.2.0/30")]), Remembered("default/gone", "192.0.2.0"));

        var usage = Assert.Single(Allocate(state).Pools);

        Assert.Equal(0, usage.InUseIPv4);
    }
}
