using System.Globalization;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>BGPPeer localASN against a real FRR bgpd, as MetalLB's FRR mode applies it (<c>local-as N no-prepend
/// replace-as</c>): FRR sees a peer of AS N, and the routes carry N alone.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class LocalAsnFrrTests
{
    [Theory]
    [InlineData(64600u)]       // 2-octet: in the OPEN's My Autonomous System field
    [InlineData(4200000100u)]  // 4-octet: AS_TRANS there, the AS in the RFC 6793 capability
    public async Task LocalAsn_FrrPeersWithThatAs_AsPathCarriesItAlone(uint localAsn)
    {
        await using var lab = await NetNsLab.CreateAsync("ibf-");
        await using var frr = new FrrPeer(lab.Router, 65001, localAsn.ToString(CultureInfo.InvariantCulture));
        await frr.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001) with { LocalAsn = localAsn };
        var (state, allocation) = BgpScenario.Build([peer], [new BgpAdvertisement { Name = "ad" }], ("web", ["192.0.2.10", "2001:db8::10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv4"), r => r.Count == 1, "the IPv4 route in FRR", context: $"{log}\n{(await frr.Vtysh("show bgp summary")).Output}");
        await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv6"), r => r.Count == 1, "the IPv6 route in FRR", context: log);
        var asn = localAsn.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(asn, (await frr.PathAsync("ipv4", "192.0.2.10/32")).GetProperty("aspath").GetProperty("string").GetString());
        Assert.Equal(asn, (await frr.PathAsync("ipv6", "2001:db8::10/128")).GetProperty("aspath").GetProperty("string").GetString());
    }
}
