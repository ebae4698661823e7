using Ingot.Plugins.Ipam.Planning;
using Ingot.Sdk.Configuration;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>MetalLB's <c>poolCount</c> (<c>TestPoolCount</c>) and the in-use / available counters.</summary>
public class PoolCounterTests
{
    public static TheoryData<string, AddressPool, long, long> Counts => new()
    {
        { "one /24", Pool("p", "192.0.2.0/24"), 256, 0 },
        { "/24 and /25 avoiding buggy", Pool("p", "1.2.3.0/24", "2.3.4.128/25").AvoidBuggy(), 381, 0 },
        { "/31 .0 and /127 avoiding buggy", Pool("p", "1.2.3.0/31", "1000::/127").AvoidBuggy(), 1, 2 },
        { "/16 avoiding buggy", Pool("p", "10.1.0.0/16").AvoidBuggy(), 65536 - 512, 0 },
        { "/30 in the middle avoiding buggy", Pool("p", "192.0.2.8/30").AvoidBuggy(), 4, 0 },
        { "/32 .0 avoiding buggy", Pool("p", "192.0.2.0/32").AvoidBuggy(), 0, 0 },
        { "/120", Pool("p", "2001:db8::/120"), 0, 256 },
        { "/66 is huge", Pool("p", "2001:db8::/66"), 0, long.MaxValue },
        { "/67 is counted", Pool("p", "2001:db8::/67"), 0, 1L << 61 },
        { "/64 and more v6 saturates", Pool("p", "2001:db8::/64", "2001:db8:1::/120"), 0, long.MaxValue },
        { "dual with /64", Pool("p", "192.0.2.0/24", "2001:db8::/64"), 256, long.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void Count_Pool_MatchesMetalLb(string description, AddressPool pool, long ipv4, long ipv6)
    {
        var (v4, v6) = PoolCounter.Count(pool);

        Assert.True(v4 == ipv4 && v6 == ipv6, $"{description}: got {v4}/{v6}");
    }

    [Fact]
    public void Allocate_Pools_ReportTotalsInUseAndAvailableInNameOrder()
    {
        var result = Allocate([Pool("z", "192.0.2.0/24", "2001:db8::/64"), Pool("a", "198.51.100.0/30").Manual()],
            Service("default/s1"), Service("default/s2").IPv6(), Service("default/s3").Shared("k", "tcp/1"), Service("default/s4").Shared("k", "tcp/2"));

        Assert.Equal(["a", "z"], result.Pools.Select(p => p.Pool));
        var a = result.Pools[0];
        Assert.Equal((4L, 0L, 0L, 4L), (a.TotalIPv4, a.InUseIPv4, a.InUse, a.AvailableIPv4));
        var z = result.Pools[1];
        Assert.Equal(256, z.TotalIPv4);
        Assert.Equal(long.MaxValue, z.TotalIPv6);
        Assert.Equal(long.MaxValue, z.Total);
        Assert.Equal(2, z.InUseIPv4);
        Assert.Equal(1, z.InUseIPv6);
        Assert.Equal(254, z.AvailableIPv4);
        Assert.Equal(long.MaxValue - 1, z.AvailableIPv6);
    }
}
