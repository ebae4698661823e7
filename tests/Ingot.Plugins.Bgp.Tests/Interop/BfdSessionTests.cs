using System.Collections.Immutable;
using Ingot.Plugins.Bgp.Bfd;
using Ingot.Plugins.Bgp.Fsm;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// A BGPPeer with a BFDProfile against a real BIRD 2 running BFD for its BGP session: a frozen router is detected by BFD,
/// and the BGP session closes long before its 90-second hold timer; BFD on our side alone never holds BGP back.
/// </summary>
public class BfdSessionTests
{
    private const string PeerLabel = "192.0.2.2";
    private static readonly BgpAdvertisement[] s_ads = [new BgpAdvertisement { Name = "ad" }];

    [Fact]
    public async Task RouterFreezes_BfdClosesBgpSessionBeforeHoldTimer_AndBothComeBack()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdPeer(lab.Router, 65001, 64512, bfd: true);
        await bird.StartAsync();
        using var metrics = new BgpMetrics();
        using var probe = new MetricsProbe(metrics);
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log, metrics);
        var (state, allocation) = Scenario();
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        var session = announcer.Sessions["router"];

        await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master4"), r => r.ContainsKey("192.0.2.10/32"), "route in BIRD", context: log);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.BfdSessionState), s => s == BfdState.Up, "our BFD session up", context: log);
        await ExternalProcess.EventuallyAsync(async () => (await bird.Cli("show", "bfd", "sessions")).Output, o => o.Contains("Up", StringComparison.Ordinal), "BIRD's BFD session up");
        Assert.Equal(1, probe.Read("metallb_bfd_session_up", PeerLabel));
        Assert.Equal(1, probe.Read("metallb_bfd_session_up_events", PeerLabel));
        Assert.True(probe.Read("metallb_bfd_control_packet_input", PeerLabel) > 0);
        Assert.True(probe.Read("metallb_bfd_control_packet_output", PeerLabel) > 0);

        // A hung router: its TCP stays open and its hold timer is 90 s, so only BFD can tell.
        await bird.PauseAsync();
        try
        {
            await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.Snapshot.State), s => s != BgpState.Established, "BGP closed by BFD", 20, log);
            Assert.Contains(log.Lines, l => l.Contains("BFD to BGP peer router went down (ControlDetectionTimeExpired)", StringComparison.Ordinal));
            Assert.Equal(0, probe.Read("metallb_bfd_session_up", PeerLabel));
            Assert.Equal(1, probe.Read("metallb_bfd_session_down_events", PeerLabel));
            Assert.Equal(1, probe.Read("metallb_bgp_notifications_sent", "192.0.2.2:179"));
        }
        finally
        {
            await bird.ResumeAsync();
        }

        // The router resumes: BFD comes up again and the session re-establishes with the route.
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.Snapshot.State), s => s == BgpState.Established, "BGP back", 60, log);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.BfdSessionState), s => s == BfdState.Up, "BFD back", 30, log);
        await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master4"), r => r.ContainsKey("192.0.2.10/32"), "route in BIRD again", context: log);

        // Our shutdown takes BFD administratively down after the Cease, so BIRD sees no failure (RFC 5880 §6.8.16).
        await announcer.WithdrawAllAsync(default);
        await ExternalProcess.EventuallyAsync(async () => (await bird.Cli("show", "bfd", "sessions")).Output, o => !o.Contains(" Up ", StringComparison.Ordinal), "BIRD's BFD session down after our shutdown");
    }

    [Fact]
    public async Task PeerWithoutBfd_BgpStillEstablishes()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdPeer(lab.Router, 65001, 64512);
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var (state, allocation) = Scenario();
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        var session = announcer.Sessions["router"];

        // RFC 5882 §4.3 leaves it to the client; like FRR, we do not hold BGP back until BFD is up.
        await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master4"), r => r.ContainsKey("192.0.2.10/32"), "route in BIRD", context: log);
        Assert.Equal(BgpState.Established, session.Snapshot.State);
        Assert.NotEqual(BfdState.Up, session.BfdSessionState);
    }

    private static (ClusterState State, AllocationResult Allocation) Scenario()
    {
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001) with { BfdProfile = "fast" };
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]));
        var profiles = ImmutableSortedDictionary<string, BfdProfile>.Empty.Add("fast", new BfdProfile { Name = "fast", ReceiveInterval = 300, TransmitInterval = 300, DetectMultiplier = 5 });
        return (state with { Configuration = state.Configuration with { BfdProfiles = profiles } }, allocation);
    }
}
