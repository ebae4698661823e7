using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>Our speaker against a real BIRD 2 (routes read from <c>birdc show route all</c>).</summary>
public class BirdInteropTests
{
    private static readonly BgpAdvertisement[] s_ads =
    [
        new BgpAdvertisement { Name = "ad", LocalPref = 250, Communities = [BgpCommunity.Standard(65000, 100), BgpCommunity.Large(4200000000, 7, 9)] },
    ];

    [Theory]
    [InlineData(4200000001u, 65001u)] // eBGP, our AS needs 4 octets
    [InlineData(64512u, 64512u)]      // iBGP
    public async Task Announce_IPv4AndIPv6_BirdHoldsThemWithAttributes(uint ourAsn, uint peerAsn)
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdPeer(lab.Router, peerAsn, ourAsn);
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, ourAsn, peerAsn);
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10", "2001:db8::10"]), ("db", ["198.51.100.20"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        var v4 = await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master4"), r => r.Count == 2, "two IPv4 routes in BIRD", context: $"{log}\n{bird.Output}\n{await bird.ProtocolAsync()}");
        var v6 = await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master6"), r => r.Count == 1, "one IPv6 route in BIRD", context: log);

        var web = v4["192.0.2.10/32"];
        Assert.Contains("BGP.next_hop: 192.0.2.1", web, StringComparison.Ordinal);
        Assert.Contains(ourAsn == peerAsn ? "BGP.as_path: \n" : $"BGP.as_path: {ourAsn}\n", web, StringComparison.Ordinal);
        Assert.Contains("BGP.community: (65000,100)", web, StringComparison.Ordinal);
        Assert.Contains("BGP.large_community: (4200000000, 7, 9)", web, StringComparison.Ordinal);
        if (ourAsn == peerAsn)
        {
            Assert.Contains("BGP.local_pref: 250", web, StringComparison.Ordinal);
        }

        Assert.Contains("BGP.next_hop: 2001:db8::1", v6["2001:db8::10/128"], StringComparison.Ordinal);

        (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10", "2001:db8::10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        v4 = await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master4"), r => r.Count == 1, "withdrawal in BIRD");
        Assert.True(v4.ContainsKey("192.0.2.10/32"));

        await announcer.WithdrawAllAsync(default);
        await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master6"), r => r.Count == 0, "IPv6 withdrawn on shutdown");
        var protocol = await ExternalProcess.EventuallyAsync(bird.ProtocolAsync, p => p.Contains("Administrative shutdown", StringComparison.OrdinalIgnoreCase) || p.Contains("ingot shutting down", StringComparison.Ordinal), "BIRD saw the RFC 8203 shutdown");
        Assert.DoesNotContain("Established", protocol, StringComparison.Ordinal);
    }
}
