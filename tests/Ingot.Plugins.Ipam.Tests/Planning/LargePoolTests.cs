using Ingot.Sdk.Cluster;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Planning;

/// <summary>Huge pools behave like small ones: lowest-first, gaps filled, no dependence on pool size.</summary>
public class LargePoolTests
{
    [Fact]
    public void Allocate_SlashEightWithScatteredHolders_FillsTheGapsLowestFirst()
    {
        var services = new List<ServiceInfo>
        {
            Service("default/h1", "10.0.0.1"),
            Service("default/h2", "10.0.0.3"),
            Service("default/h3", "10.255.255.254"),
        };
        services.AddRange(Enumerable.Range(0, 4).Select(i => Service($"default/w{i}")));

        var result = Allocate([Pool("big", "10.0.0.0/8")], services.ToArray());

        Assert.Equal(["10.0.0.0"], result.Ips("default/w0"));
        Assert.Equal(["10.0.0.2"], result.Ips("default/w1"));
        Assert.Equal(["10.0.0.4"], result.Ips("default/w2"));
        Assert.Equal(["10.0.0.5"], result.Ips("default/w3"));
        Assert.Equal(["10.255.255.254"], result.Ips("default/h3"));
        Assert.Equal((1L << 24) - 7, result.Pools.Single().AvailableIPv4);
    }

    [Fact]
    public void Allocate_IPv6SlashSixtyFour_ThousandsOfServicesAreSequential()
    {
        var services = Enumerable.Range(0, 5000).Select(i => Service($"default/s{i:D5}").IPv6()).ToArray();

        var result = Allocate([Pool("v6", "2001:db8::/64")], services);

        Assert.Equal(["2001:db8::"], result.Ips("default/s00000"));
        Assert.Equal(["2001:db8::1387"], result.Ips("default/s04999"));
        Assert.Equal(5000, result.Pools.Single().InUseIPv6);
    }

    [Fact]
    public void Allocate_WholeIPv6Space_HandlesTheTopAddress()
    {
        var result = Allocate([Pool("all", "::/0")], Service("default/held", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").IPv6(), Service("default/new").IPv6());

        Assert.Equal(["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"], result.Ips("default/held"));
        Assert.Equal(["::"], result.Ips("default/new"));
    }

    [Fact]
    public void Allocate_SingleAddressBlockAtTopOfIPv4_Exhausts()
    {
        var result = Allocate([Pool("top", "255.255.255.255/32")], Service("default/a"), Service("default/b"));

        Assert.Equal(["255.255.255.255"], result.Ips("default/a"));
        Assert.Equal("no available IPs in pool \"top\"", result.For("default/b").Error);
    }
}
