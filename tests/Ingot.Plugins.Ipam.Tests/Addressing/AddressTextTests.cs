using System.Net;
using Ingot.Plugins.Ipam.Addressing;

namespace Ingot.Plugins.Ipam.Tests.Addressing;

/// <summary>Addresses are read as Go's <c>net.ParseIP</c> reads them, not with .NET's looser shorthand.</summary>
public class AddressTextTests
{
    [Theory]
    [InlineData("192.0.2.7", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("::", true)]
    [InlineData("::ffff:192.0.2.7", false)]
    public void TryParse_GoForms_Accepted(string text, bool ipv6)
    {
        Assert.True(AddressText.TryParse(text, out var address));
        Assert.Equal(ipv6, address.IsIPv6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("10.1")]
    [InlineData("192.0.2")]
    [InlineData("192.0.2.256")]
    [InlineData("192.0.2.7.1")]
    [InlineData("192.0.2.-1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("banana")]
    public void TryParse_ShorthandAndGarbage_Refused(string text)
        => Assert.False(AddressText.TryParse(text, out _));

    [Fact]
    public void Address128_RoundTrips_AndFoldsMappedIPv4()
    {
        var mapped = Address128.From(IPAddress.Parse("::ffff:198.51.100.9"));

        Assert.False(mapped.IsIPv6);
        Assert.Equal("198.51.100.9", mapped.ToString());
        Assert.Equal("2001:db8::ffff", Address128.From(IPAddress.Parse("2001:db8::ffff")).ToString());
        Assert.True(Address128.From(IPAddress.Parse("192.0.2.255")).IsBuggy);
        Assert.False(Address128.From(IPAddress.Parse("2001:db8::ff")).IsBuggy);
    }
}
