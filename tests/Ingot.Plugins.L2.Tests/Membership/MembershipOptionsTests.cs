using System.Net;
using Ingot.Plugins.L2.Membership;

namespace Ingot.Plugins.L2.Tests.Membership;

public class MembershipOptionsTests
{
    [Fact]
    public void FromSettings_Empty_DisabledWithDefaults()
    {
        var options = MembershipOptions.FromSettings(new Dictionary<string, string>());
        Assert.False(options.Enabled);
        Assert.Equal(7946, options.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.DetectionTime);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HoldDown);
        Assert.Equal(TwoNodePolicy.Availability, options.TwoNode);
        Assert.Equal(IPAddress.IPv6Any, options.BindAddress);
        Assert.Null(options.Peers);
    }

    [Fact]
    public void FromSettings_Values_Read()
    {
        var options = MembershipOptions.FromSettings(new Dictionary<string, string>
        {
            ["membership.keyFile"] = " /etc/ingot/key ",
            ["membership.port"] = "17946",
            ["membership.interval"] = "50",
            ["membership.multiplier"] = "4",
            ["membership.holdDown"] = "2.5",
            ["membership.bindAddress"] = "192.0.2.1",
            ["membership.twoNode"] = "tiebreak",
            ["membership.fanout"] = "8",
            ["membership.peers"] = "node-a=192.0.2.1, node-b=2001:db8::2",
        });
        Assert.True(options.Enabled);
        Assert.Equal("/etc/ingot/key", options.KeyFile);
        Assert.Equal(17946, options.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.DetectionTime);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.HoldDown);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), options.BindAddress);
        Assert.Equal(TwoNodePolicy.Tiebreak, options.TwoNode);
        Assert.Equal(8, options.Fanout);
        Assert.Equal(IPAddress.Parse("2001:db8::2"), options.Peers!["node-b"]);
        Assert.Equal(2, options.Peers.Count);
    }

    [Theory]
    [InlineData("membership.port", "0")]
    [InlineData("membership.port", "udp")]
    [InlineData("membership.interval", "5")]
    [InlineData("membership.multiplier", "2")]
    [InlineData("membership.holdDown", "-1")]
    [InlineData("membership.holdDown", "NaN")]
    [InlineData("membership.bindAddress", "node-a")]
    [InlineData("membership.twoNode", "both")]
    [InlineData("membership.fanout", "1")]
    [InlineData("membership.keyFile", " ")]
    [InlineData("membership.peers", "node-a")]
    [InlineData("membership.peers", "node-a=192.0.2.1,node-a=192.0.2.2")]
    public void FromSettings_Bad_ErrorNamesTheSettingAndValue(string key, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => MembershipOptions.FromSettings(new Dictionary<string, string> { [key] = value }));
        Assert.StartsWith($"l2: setting '{key}': '{value}' ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_UnknownKey_ListsKnownKeys()
    {
        var e = Assert.Throws<ArgumentException>(() => MembershipOptions.FromSettings(new Dictionary<string, string> { ["membership.secret"] = "x" }));
        Assert.Contains("unknown setting 'membership.secret'", e.Message, StringComparison.Ordinal);
        Assert.Contains("membership.keyFile", e.Message, StringComparison.Ordinal);
    }
}
