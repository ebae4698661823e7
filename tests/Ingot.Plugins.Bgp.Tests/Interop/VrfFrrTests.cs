using Ingot.Plugins.Bgp.Fsm;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// BGPPeer vrf: the session's socket is bound to the named device with <c>SO_BINDTODEVICE</c>, the call Linux VRFs take.
/// The kernels these tests run on have no <c>vrf</c> module (<c>ip link add X type vrf</c>: "Unknown device type"), so
/// the device here is a plain link: bound to the link towards the router the session comes up; bound to a link that leads
/// nowhere it does not, although the main table routes to the router, which shows the binding decides; a device the node
/// lacks is a clear error of that peer alone, and the other peers keep running.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class VrfFrrTests
{
    private const string Nowhere = "ibf-nowhere";

    [Fact]
    public async Task Vrf_SessionBoundToTheDevice_RouteArrives_OtherDeviceOrMissingOneIsAPerPeerError()
    {
        await using var lab = await NetNsLab.CreateAsync("ibf-");

        // A veth pair inside the speaker namespace, up, with nothing behind it.
        await Ip("-n", lab.Speaker, "link", "add", Nowhere, "type", "veth", "peer", "name", Nowhere + "-p");
        await Ip("-n", lab.Speaker, "link", "set", Nowhere, "up");
        await Ip("-n", lab.Speaker, "link", "set", Nowhere + "-p", "up");

        await using var frr = new FrrPeer(lab.Router, 65001, "64512");
        await frr.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);

        // The source address is left to the kernel, which takes it from the bound device's routes.
        var bound = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001) with { SourceAddress = null, Vrf = lab.SpeakerLink };
        var elsewhere = bound with { Name = "elsewhere", Vrf = Nowhere };
        var missing = bound with { Name = "missing", Vrf = "ibf-none" };
        var (state, allocation) = BgpScenario.Build([bound, elsewhere, missing], [new BgpAdvertisement { Name = "ad" }], ("web", ["192.0.2.10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        await ExternalProcess.EventuallyAsync(() => frr.PrefixesAsync("ipv4"), r => r.Count == 1, "the IPv4 route in FRR", context: $"{log}\n{(await frr.Vtysh("show bgp summary")).Output}");
        var path = await frr.PathAsync("ipv4", "192.0.2.10/32");
        Assert.Equal(NetNsLab.SpeakerV4, path.GetProperty("nexthops")[0].GetProperty("ip").GetString());
        Assert.Equal(BgpState.Established, announcer.Sessions["router"].Snapshot.State);

        var lost = await ExternalProcess.EventuallyAsync(() => Task.FromResult(announcer.Sessions["elsewhere"].LastError), e => e is not null, "the connect through the other device failing", context: log);
        Assert.DoesNotContain("VRF device", lost, StringComparison.Ordinal);
        Assert.NotEqual(BgpState.Established, announcer.Sessions["elsewhere"].Snapshot.State);

        var error = await ExternalProcess.EventuallyAsync(() => Task.FromResult(announcer.Sessions["missing"].LastError), e => e is not null, "the missing device's error", context: log);
        Assert.Contains("VRF device \"ibf-none\" cannot be used on this node", error, StringComparison.Ordinal);
        Assert.NotEqual(BgpState.Established, announcer.Sessions["missing"].Snapshot.State);
        Assert.Contains("BGP peer missing gets no session until this is fixed: VRF device \"ibf-none\"", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(BgpState.Established, announcer.Sessions["router"].Snapshot.State);
        Assert.Equal(["192.0.2.10/32"], await frr.PrefixesAsync("ipv4"));
    }

    private static async Task Ip(params string[] args)
    {
        var (exit, output) = await ExternalProcess.RunAsync("ip", args);
        Assert.True(exit == 0, $"ip {string.Join(' ', args)}: {output}");
    }
}
