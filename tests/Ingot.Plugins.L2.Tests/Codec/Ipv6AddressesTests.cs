using System.Net;

namespace Ingot.Plugins.L2.Codec.Tests;

public class Ipv6AddressesTests
{
    [Theory]
    [InlineData("2001:db8::c8", "ff02::1:ff00:c8", "33:33:ff:00:00:c8")]
    [InlineData("2001:db8::1234:5678", "ff02::1:ff34:5678", "33:33:ff:34:56:78")]
    [InlineData("fe80::aabb:ccff:fedd:eeff", "ff02::1:ffdd:eeff", "33:33:ff:dd:ee:ff")]
    public void SolicitedNode_Address_MapsPerRfc4291AndRfc2464(string address, string group, string mac)
    {
        var g = Ipv6Addresses.SolicitedNode(Ipv6Addresses.FromIPAddress(IPAddress.Parse(address)));
        Assert.Equal(IPAddress.Parse(group), Ipv6Addresses.ToIPAddress(g));
        Assert.Equal(mac, Ipv6Addresses.MulticastMac(g).ToString());
    }

    [Fact]
    public void AllNodes_Mac_Is333300000001()
    {
        Assert.Equal(MacAddress.AllNodesMulticast, Ipv6Addresses.MulticastMac(Ipv6Addresses.AllNodes));
        Assert.Equal(IPAddress.Parse("ff02::1"), Ipv6Addresses.ToIPAddress(Ipv6Addresses.AllNodes));
    }

    [Theory]
    [InlineData("02:00:00:00:00:0a", true, 0x0200_0000_000aUL)]
    [InlineData("AA-BB-CC-DD-EE-FF", true, 0xaabb_ccdd_eeffUL)]
    [InlineData("02:00:00:00:00", false, 0UL)]
    [InlineData("02:00:00:00:00:0g", false, 0UL)]
    [InlineData("02.00:00:00:00:0a", false, 0UL)]
    public void MacAddress_TryParse_Text(string text, bool ok, ulong value)
    {
        Assert.Equal(ok, MacAddress.TryParse(text, out var mac));
        Assert.Equal(value, mac.Value);
    }
}
