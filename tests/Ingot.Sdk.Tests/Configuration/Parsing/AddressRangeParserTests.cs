using System.Net;

namespace Ingot.Sdk.Configuration.Parsing.Tests;

public class AddressRangeParserTests
{
    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0/24")]
    [InlineData("192.0.2.77/24", "192.0.2.0/24")]
    [InlineData("192.0.2.10/32", "192.0.2.10/32")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("2001:db8::1/64", "2001:db8::/64")]
    [InlineData("2001:db8::/128", "2001:db8::/128")]
    [InlineData("192.0.2.0-192.0.2.255", "192.0.2.0/24")]
    [InlineData("192.0.2.10-192.0.2.10", "192.0.2.10/32")]
    [InlineData("192.0.2.1-192.0.2.6", "192.0.2.1/32,192.0.2.2/31,192.0.2.4/31,192.0.2.6/32")]
    [InlineData("192.0.2.0 - 192.0.2.7", "192.0.2.0/29")]
    [InlineData("192.0.2.200-192.0.2.220", "192.0.2.200/29,192.0.2.208/29,192.0.2.216/30,192.0.2.220/32")]
    [InlineData("40.0.0.150-40.0.0.200", "40.0.0.150/31,40.0.0.152/29,40.0.0.160/27,40.0.0.192/29,40.0.0.200/32")]
    [InlineData("40.0.0.210 - 40.0.0.240", "40.0.0.210/31,40.0.0.212/30,40.0.0.216/29,40.0.0.224/28,40.0.0.240/32")]
    [InlineData("40.0.0.250 - 40.0.0.250", "40.0.0.250/32")]
    [InlineData("3.3.3.2-3.3.3.254", "3.3.3.2/31,3.3.3.4/30,3.3.3.8/29,3.3.3.16/28,3.3.3.32/27,3.3.3.64/26,3.3.3.128/26,3.3.3.192/27,3.3.3.224/28,3.3.3.240/29,3.3.3.248/30,3.3.3.252/31,3.3.3.254/32")]
    [InlineData("198.51.100.255-198.51.101.0", "198.51.100.255/32,198.51.101.0/32")]
    [InlineData("0.0.0.0-255.255.255.255", "0.0.0.0/0")]
    [InlineData("255.255.255.254-255.255.255.255", "255.255.255.254/31")]
    [InlineData("2001:db8::1-2001:db8::6", "2001:db8::1/128,2001:db8::2/127,2001:db8::4/127,2001:db8::6/128")]
    [InlineData("2001:db8::-2001:db8::ffff", "2001:db8::/112")]
    [InlineData("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0")]
    public void TryParse_ValidEntry_ReturnsMinimalCidrs(string entry, string expected)
    {
        Assert.True(AddressRangeParser.TryParse(entry, out var networks, out var error), error);
        Assert.Equal(expected, string.Join(",", networks));
    }

    [Fact]
    public void Summarize_WholeIPv6SpaceButLast_Returns128Blocks()
    {
        var networks = AddressRangeParser.Summarize(IPAddress.IPv6Any, IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"));
        Assert.Equal(128, networks.Count);
        Assert.Equal(Enumerable.Range(1, 128), networks.Select(n => n.PrefixLength));
        Assert.Equal("::/1", networks[0].ToString());
        Assert.Equal("8000::/2", networks[1].ToString());
        Assert.Equal("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128", networks[^1].ToString());
    }

    [Theory]
    [InlineData("192.0.2.0", "invalid CIDR \"192.0.2.0\"")]
    [InlineData("192.0.2.0/33", "invalid CIDR \"192.0.2.0/33\"")]
    [InlineData("192.0.2.0/-1", "invalid IP range \"192.0.2.0/-1\": invalid start IP \"192.0.2.0/\"")]
    [InlineData("192.0.2/24", "invalid CIDR \"192.0.2/24\"")]
    [InlineData("192.0.2.010/32", "invalid CIDR \"192.0.2.010/32\"")]
    [InlineData("192.0.2.0/024", "invalid CIDR \"192.0.2.0/024\"")]
    [InlineData("192.0.2.0/+24", "invalid CIDR \"192.0.2.0/+24\"")]
    [InlineData("192.0.2.0/ 24", "invalid CIDR \"192.0.2.0/ 24\"")]
    [InlineData(" 192.0.2.0/24", "invalid CIDR \" 192.0.2.0/24\"")]
    [InlineData("[2001:db8::]/64", "invalid CIDR \"[2001:db8::]/64\"")]
    [InlineData("2001:db8::/129", "invalid CIDR \"2001:db8::/129\"")]
    [InlineData("fe80::1%eth0/64", "invalid CIDR \"fe80::1%eth0/64\"")]
    [InlineData("garbage", "invalid CIDR \"garbage\"")]
    [InlineData("", "invalid CIDR \"\"")]
    [InlineData("x-192.0.2.1", "invalid IP range \"x-192.0.2.1\": invalid start IP \"x\"")]
    [InlineData("192.0.2.1-", "invalid IP range \"192.0.2.1-\": invalid end IP \"\"")]
    [InlineData("192.0.2.1-192.0.2.300", "invalid IP range \"192.0.2.1-192.0.2.300\": invalid end IP \"192.0.2.300\"")]
    [InlineData("192.0.2.10-192.0.2.1", "invalid IP range \"192.0.2.10-192.0.2.1\": start IP \"192.0.2.10\" is after the end IP \"192.0.2.1\"")]
    [InlineData("192.0.2.1-2001:db8::1", "invalid IP range \"192.0.2.1-2001:db8::1\": start IP \"192.0.2.1\" and end IP \"2001:db8::1\" are not of the same family")]
    public void TryParse_InvalidEntry_ReturnsMetalLbError(string entry, string expected)
    {
        Assert.False(AddressRangeParser.TryParse(entry, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.128/25", true)]
    [InlineData("192.0.2.128/25", "192.0.2.0/24", true)]
    [InlineData("192.0.2.0/24", "192.0.2.0/24", true)]
    [InlineData("192.0.2.0/25", "192.0.2.128/25", false)]
    [InlineData("0.0.0.0/0", "2001:db8::/32", false)]
    public void Overlap_Pairs_DetectsContainment(string a, string b, bool expected)
        => Assert.Equal(expected, AddressRangeParser.Overlap(IPNetwork.Parse(a), IPNetwork.Parse(b)));
}
