using System.Net;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>Our speaker in the test process against a real gobgpd, both on loopback addresses unique to this run.</summary>
public class GoBgpInteropTests
{
    private static readonly BgpAdvertisement[] s_ads =
    [
        new BgpAdvertisement
        {
            Name = "ad",
            LocalPref = 250,
            Communities = [BgpCommunity.Standard(65000, 100), BgpCommunity.Large(4200000000, 7, 9)],
        },
    ];

    [Theory]
    [InlineData(64512u, 65001u)]            // eBGP, 2-octet
    [InlineData(4200000001u, 4200000002u)]  // eBGP, 4-octet
    [InlineData(64512u, 64512u)]            // iBGP
    public async Task Announce_IPv4AndIPv6_ArriveWithAttributesAndWithdraw(uint ourAsn, uint peerAsn)
    {
        await using var lab = await NetNsLab.CreateAsync();
        const string us = NetNsLab.SpeakerV4;
        await using var gobgp = new GoBgpPeer(lab.Router, NetNsLab.RouterV4, peerAsn, us, ourAsn);
        await gobgp.StartAsync();
        var peer = Peer(us, NetNsLab.RouterV4, gobgp.Port, ourAsn, peerAsn);
        var log = new ListLoggerFactory();
        await using var announcer = NewAnnouncer(lab, log);

        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10", "2001:db8::10"]), ("db", ["198.51.100.20"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        await ExternalProcess.EventuallyAsync(gobgp.NeighborStateAsync, s => s == "established", "session established");
        var v4 = await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.Count == 2, "two IPv4 routes", context: $"{log}\n{gobgp.Output}");
        var v6 = await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv6"), r => r.Count == 1, "one IPv6 route");

        var web = v4["192.0.2.10/32"];
        Assert.Equal(us, web.NextHop);
        Assert.Equal(ourAsn == peerAsn ? [] : [ourAsn], web.AsPath);
        Assert.Equal(ourAsn == peerAsn ? 250u : null, web.LocalPref);
        Assert.Equal([(65000u << 16) | 100], web.Communities);
        Assert.Equal(["4200000000:7:9"], web.LargeCommunities);
        Assert.True(v4.ContainsKey("198.51.100.20/32"));
        var web6 = v6["2001:db8::10/128"];
        Assert.Equal(NetNsLab.SpeakerV6, web6.NextHop);
        Assert.Equal(["4200000000:7:9"], web6.LargeCommunities);

        // Deleting a Service withdraws its prefix and only that.
        (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10", "2001:db8::10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        v4 = await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.Count == 1, "withdrawal of 198.51.100.20/32");
        Assert.True(v4.ContainsKey("192.0.2.10/32"));

        // Shutdown withdraws everything, then closes with Cease.
        await announcer.WithdrawAllAsync(default);
        await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.Count == 0, "IPv4 routes withdrawn on shutdown");
        await ExternalProcess.EventuallyAsync(gobgp.NeighborStateAsync, s => s != "established", "session closed on shutdown");
    }

    internal static BgpPeer Peer(string us, string them, int port, uint ourAsn, uint peerAsn, string? password = null, TimeSpan? hold = null, bool gracefulRestart = false)
        => new()
        {
            Name = "router",
            MyAsn = ourAsn,
            PeerAsn = peerAsn,
            PeerAddress = IPAddress.Parse(them),
            SourceAddress = IPAddress.Parse(us),
            PeerPort = port,
            Password = password,
            HoldTime = hold,
            EnableGracefulRestart = gracefulRestart,
        };

    internal static BgpAnnouncer NewAnnouncer(NetNsLab lab, ILoggerFactory? log = null, BgpMetrics? metrics = null, int listenPort = 0)
        => new(new BgpOptions { NodeName = BgpScenario.Node, ListenPort = listenPort, Network = lab }, TimeProvider.System, log ?? NullLoggerFactory.Instance, metrics ?? new BgpMetrics());
}
