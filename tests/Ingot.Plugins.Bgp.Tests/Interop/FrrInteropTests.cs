using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>Our speaker against a real FRR bgpd (read with <c>vtysh -c '... json'</c>).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class FrrInteropTests
{
    private static readonly BgpAdvertisement[] s_ads =
    [
        new BgpAdvertisement { Name = "ad", LocalPref = 250, Communities = [BgpCommunity.Standard(65000, 100), BgpCommunity.Large(4200000000, 7, 9)] },
    ];

    [Theory]
    [InlineData(64512u, 65001u)]      // eBGP, 2-octet
    [InlineData(4200000001u, 4200000001u)] // iBGP, 4-octet
    public async Task Announce_IPv4AndIPv6_FrrHoldsThemWithAttributes(uint ourAsn, uint peerAsn)
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var frr = new FrrPeer(lab.Router, peerAsn, ourAsn);
        await frr.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, ourAsn, peerAsn);
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10", "2001:db8::10"]), ("db", ["198.51.100.20"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv4"), r => r.Count == 2, "two IPv4 routes in FRR", context: $"{log}\n{(await frr.Vtysh("show bgp summary")).Output}");
        await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv6"), r => r.Count == 1, "one IPv6 route in FRR", context: log);

        var web = await frr.PathAsync("ipv4", "192.0.2.10/32");
        // FRR prints an empty AS_PATH (iBGP, RFC 4271 §5.1.2) as "Local".
        Assert.Equal(ourAsn == peerAsn ? "Local" : ourAsn.ToString(System.Globalization.CultureInfo.InvariantCulture), web.GetProperty("aspath").GetProperty("string").GetString());
        Assert.Equal("192.0.2.1", web.GetProperty("nexthops")[0].GetProperty("ip").GetString());
        Assert.Equal("65000:100", web.GetProperty("community").GetProperty("string").GetString());
        Assert.Equal("4200000000:7:9", web.GetProperty("largeCommunity").GetProperty("string").GetString());
        if (ourAsn == peerAsn)
        {
            Assert.Equal(250, web.GetProperty("locPrf").GetInt32());
        }

        var web6 = await frr.PathAsync("ipv6", "2001:db8::10/128");
        Assert.Equal("2001:db8::1", web6.GetProperty("nexthops")[0].GetProperty("ip").GetString());

        (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10", "2001:db8::10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        var left = await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv4"), r => r.Count == 1, "withdrawal in FRR");
        Assert.Equal(["192.0.2.10/32"], left);

        await announcer.WithdrawAllAsync(default);
        await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv6"), r => r.Count == 0, "IPv6 withdrawn on shutdown");
    }
}
