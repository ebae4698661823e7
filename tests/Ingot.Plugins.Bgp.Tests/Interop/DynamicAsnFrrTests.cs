using System.Globalization;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>BGPPeer dynamicASN against a real FRR bgpd: the peer's AS is learned from its OPEN when it is of the kind.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class DynamicAsnFrrTests
{
    private const uint OurAsn = 64512;
    private static readonly BgpAdvertisement[] s_ads = [new BgpAdvertisement { Name = "ad", LocalPref = 250 }];

    [Theory]
    [InlineData("external", 65001u, "64512")] // FRR with a fixed AS, FRR's side written as a number
    [InlineData("external", 65001u, "external")] // both sides learn
    [InlineData("internal", OurAsn, "internal")]
    public async Task DynamicAsn_PeerOfTheKind_EstablishesAndHoldsRoutes(string kind, uint frrAsn, string frrRemoteAs)
    {
        await using var lab = await NetNsLab.CreateAsync("ibf-");
        await using var frr = new FrrPeer(lab.Router, frrAsn, frrRemoteAs);
        await frr.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var peer = Dynamic(kind);
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10", "2001:db8::10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv4"), r => r.Count == 1, "the IPv4 route in FRR", context: $"{log}\n{(await frr.Vtysh("show bgp summary")).Output}");
        await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv6"), r => r.Count == 1, "the IPv6 route in FRR", context: log);
        var web = await frr.PathAsync("ipv4", "192.0.2.10/32");
        if (kind == "internal")
        {
            // iBGP behaviour follows the kind: empty AS_PATH (FRR prints "Local"), LOCAL_PREF sent.
            Assert.Equal("Local", web.GetProperty("aspath").GetProperty("string").GetString());
            Assert.Equal(250, web.GetProperty("locPrf").GetInt32());
        }
        else
        {
            Assert.Equal(OurAsn.ToString(CultureInfo.InvariantCulture), web.GetProperty("aspath").GetProperty("string").GetString());
        }

        Assert.Equal(frrAsn, announcer.Sessions["router"].PeerAsn);
    }

    [Theory]
    [InlineData("internal", 65001u)] // FRR speaks another AS: not internal
    [InlineData("external", OurAsn)] // FRR speaks ours: not external
    public async Task DynamicAsn_PeerOfTheOtherKind_RefusedWithBadPeerAs(string kind, uint frrAsn)
    {
        await using var lab = await NetNsLab.CreateAsync("ibf-");
        await using var frr = new FrrPeer(lab.Router, frrAsn, OurAsn.ToString(CultureInfo.InvariantCulture));
        await frr.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var (state, allocation) = BgpScenario.Build([Dynamic(kind)], s_ads, ("web", ["192.0.2.10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        // FRR records the NOTIFICATION it received: OPEN Message Error / Bad Peer AS (RFC 4271 §6.2).
        // Before Established FRR keeps it only in its log: "NOTIFICATION: received from neighbor 192.0.2.1 2/2 (OPEN Message
        // Error/Bad Peer AS) 2 bytes fd e8".
        await ExternalProcess.EventuallyAsync(
            () => Task.FromResult(frr.Log()),
            o => o.Contains("received from neighbor 192.0.2.1 2/2 (OPEN Message Error/Bad Peer AS)", StringComparison.Ordinal),
            "FRR received Bad Peer AS",
            context: log);
        var neighbor = (await frr.Vtysh($"show bgp neighbors {NetNsLab.SpeakerV4}")).Output;
        Assert.Contains("Connections established 0", neighbor, StringComparison.Ordinal);
        Assert.Empty(await frr.PrefixesAsync("ipv4"));
        Assert.Null(announcer.Sessions["router"].PeerAsn);
    }

    private static BgpPeer Dynamic(string kind) => GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, OurAsn, 0) with
    {
        PeerAsn = null,
        DynamicAsn = kind,
    };
}
