using System.Net;
using Ingot.Plugins.Bgp.Bfd;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Transport.Tests;

public class BgpSessionConfigTests
{
    private static readonly BgpPeer s_peer = new() { Name = "router", MyAsn = 64512, PeerAsn = 64513, PeerAddress = IPAddress.Parse("192.0.2.254") };

    [Fact]
    public void From_PeerNamingABfdProfile_CarriesItsSettings()
    {
        var profiles = new Dictionary<string, BfdProfile> { ["fast"] = new() { Name = "fast", ReceiveInterval = 100, TransmitInterval = 200, DetectMultiplier = 5, PassiveMode = true } };

        var config = BgpSessionConfig.From(s_peer with { BfdProfile = "fast" }, "node-a", profiles)!;

        Assert.Equal(new BfdSettings { RequiredMinRx = TimeSpan.FromMilliseconds(100), DesiredMinTx = TimeSpan.FromMilliseconds(200), DetectMultiplier = 5, Passive = true }, config.Bfd);
    }

    [Fact]
    public void From_NoProfileOrAnUnknownOne_NoBfd()
    {
        Assert.Null(BgpSessionConfig.From(s_peer, "node-a", new Dictionary<string, BfdProfile>())!.Bfd);

        // The parser reports a missing profile as a transient error; should one slip through, BGP runs without BFD.
        Assert.Null(BgpSessionConfig.From(s_peer with { BfdProfile = "gone" }, "node-a", new Dictionary<string, BfdProfile>())!.Bfd);
    }

    [Fact]
    public void From_ProfileTimersChange_ConfigDiffers()
    {
        var slow = new Dictionary<string, BfdProfile> { ["p"] = new() { Name = "p", ReceiveInterval = 300 } };
        var fast = new Dictionary<string, BfdProfile> { ["p"] = new() { Name = "p", ReceiveInterval = 100 } };
        var peer = s_peer with { BfdProfile = "p" };

        // Sessions are kept only while their config is equal, so new timers take effect on a new session.
        Assert.Equal(BgpSessionConfig.From(peer, "node-a", slow), BgpSessionConfig.From(peer, "node-a", slow));
        Assert.NotEqual(BgpSessionConfig.From(peer, "node-a", slow), BgpSessionConfig.From(peer, "node-a", fast));
    }

    [Fact]
    public void From_LocalAsn_SessionSpeaksAsIt()
    {
        var config = BgpSessionConfig.From(s_peer with { LocalAsn = 4200000100 }, "node-a")!;
        Assert.Equal(4200000100u, config.LocalAsn);
        Assert.False(config.IsInternal);
        Assert.Equal(64512u, BgpSessionConfig.From(s_peer, "node-a")!.LocalAsn);
    }

    [Theory]
    [InlineData("internal", true, (short)255)]
    [InlineData("external", false, (short)1)]
    public void From_DynamicAsn_KindDecidesInternalAndTtl(string kind, bool isInternal, short ttl)
    {
        var config = BgpSessionConfig.From(s_peer with { PeerAsn = null, DynamicAsn = kind }, "node-a")!;
        Assert.Null(config.PeerAsn);
        Assert.Equal(isInternal, config.IsInternal);
        Assert.Equal(ttl, config.Ttl);
    }

    [Fact]
    public void From_InterfacePeer_NoSession()
        => Assert.Null(BgpSessionConfig.From(s_peer with { PeerAddress = null, Interface = "eth0" }, "node-a"));
}
