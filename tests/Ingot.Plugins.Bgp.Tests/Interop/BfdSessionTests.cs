using System.Collections.Immutable;
using Ingot.Plugins.Bgp.Bfd;
using Ingot.Plugins.Bgp.Fsm;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Plugins.Bgp.Transport;
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
        await using var rig = await Rig.StartAsync(birdRunsBfd: true);
        var (bird, probe, log, announcer, session, state, allocation) = (rig.Bird, rig.Probe, rig.Log, rig.Announcer, rig.Session, rig.State, rig.Allocation);

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
        await using var rig = await Rig.StartAsync(birdRunsBfd: false);
        var (bird, log, session) = (rig.Bird, rig.Log, rig.Session);

        // RFC 5882 §4.3 leaves it to the client; like FRR, we do not hold BGP back until BFD is up.
        await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master4"), r => r.ContainsKey("192.0.2.10/32"), "route in BIRD", context: log);
        Assert.Equal(BgpState.Established, session.Snapshot.State);
        Assert.NotEqual(BfdState.Up, session.BfdSessionState);
    }

    [Fact]
    public async Task ProfileEdited_BfdRetimesLiveWithoutTouchingBgp_RemovedAndRestoredInPlace()
    {
        await using var rig = await Rig.StartAsync(birdRunsBfd: true);
        var (bird, probe, log, announcer, session, state, allocation) = (rig.Bird, rig.Probe, rig.Log, rig.Announcer, rig.Session, rig.State, rig.Allocation);
        await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master4"), r => r.ContainsKey("192.0.2.10/32"), "route in BIRD", context: log);
        await ExternalProcess.EventuallyAsync(() => BirdTimersAsync(bird), t => t == ("Up", "0.300", "1.500"), "BIRD's BFD Up on the first profile", 20, log);
        var opens = probe.Read("metallb_bgp_opens_sent", "192.0.2.2:179");

        // The operator slows the profile down. BIRD now sends at our receive interval and times us out at 4 × our
        // transmit interval, learnt through a Poll Sequence: BFD stays Up and BGP is not touched.
        var edited = WithProfile(state, new BfdProfile { Name = "fast", ReceiveInterval = 500, TransmitInterval = 600, DetectMultiplier = 4 });
        await announcer.ApplyAsync(edited, announcer.Plan(edited, allocation), BgpScenario.Node, default);
        Assert.Same(session, announcer.Sessions["router"]);
        await ExternalProcess.EventuallyAsync(() => BirdTimersAsync(bird), t => t == ("Up", "0.500", "2.400"), "BIRD on the edited timers", 20, log);
        Assert.Contains(log.Lines, l => l.Contains("reconfigured: transmit 600 ms, receive 500 ms, multiplier 4", StringComparison.Ordinal));
        Assert.Equal((1d, 0d), (probe.Read("metallb_bfd_session_up_events", PeerLabel), probe.Read("metallb_bfd_session_down_events", PeerLabel)));

        Assert.Equal(BgpState.Established, session.Snapshot.State);
        Assert.Equal(opens, probe.Read("metallb_bgp_opens_sent", "192.0.2.2:179"));

        // The profile removed: our BFD session closes with AdminDown (RFC 5880 §6.8.16) and BGP stays as it is on our side.
        // BIRD 2.0 drops its BGP session on a peer's AdminDown, which RFC 5882 §3.2 advises against; we dial it again.
        var without = state with { Configuration = state.Configuration with { Peers = state.Configuration.Peers.ToImmutableSortedDictionary(p => p.Key, p => p.Value with { BfdProfile = null }) } };
        await announcer.ApplyAsync(without, announcer.Plan(without, allocation), BgpScenario.Node, default);
        Assert.Same(session, announcer.Sessions["router"]);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.BfdSessionState), s => s is null, "our BFD session closed", 10, log);
        await ExternalProcess.EventuallyAsync(() => BirdTimersAsync(bird), t => t.State == "Down", "BIRD's BFD Down", 10, log);

        // Back again: a new BFD session comes up beside the same BGP session.
        await announcer.ApplyAsync(edited, announcer.Plan(edited, allocation), BgpScenario.Node, default);
        Assert.Same(session, announcer.Sessions["router"]);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.BfdSessionState), s => s == BfdState.Up, "our BFD session up again", 30, log);
        await ExternalProcess.EventuallyAsync(() => BirdTimersAsync(bird), t => t == ("Up", "0.500", "2.400"), "BIRD's BFD Up again", 20, log);
        await ExternalProcess.EventuallyAsync(() => bird.RoutesAsync("master4"), r => r.ContainsKey("192.0.2.10/32"), "route in BIRD throughout", context: log);

        // We never closed BGP ourselves: no NOTIFICATION series at all (-1), or a zero one.
        Assert.InRange(probe.Read("metallb_bgp_notifications_sent", "192.0.2.2:179"), -1, 0);
    }

    private static ClusterState WithProfile(ClusterState state, BfdProfile profile) =>
        state with { Configuration = state.Configuration with { BfdProfiles = ImmutableSortedDictionary<string, BfdProfile>.Empty.Add(profile.Name, profile) } };

    /// <summary>BIRD's row for us in <c>show bfd sessions</c>: state, its transmit interval, its timeout for us (seconds).</summary>
    private static async Task<(string State, string Interval, string Timeout)> BirdTimersAsync(BirdPeer bird)
    {
        var (_, output) = await bird.Cli("show", "bfd", "sessions");
        var row = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault(f => f.Length >= 6 && f[0] == NetNsLab.SpeakerV4);
        return row is null ? ("none", string.Empty, string.Empty) : (row[2], row[^2], row[^1]);
    }

    /// <summary>
    /// BIRD in the router namespace and a speaker whose BGPPeer names the BFDProfile <c>fast</c> (300 ms, multiplier 5),
    /// announcing 192.0.2.10.
    /// </summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly NetNsLab _lab;

        private Rig(NetNsLab lab, bool birdRunsBfd)
        {
            _lab = lab;
            Bird = new BirdPeer(lab.Router, 65001, 64512, birdRunsBfd);
            Probe = new MetricsProbe(Metrics);
            Announcer = GoBgpInteropTests.NewAnnouncer(lab, Log, Metrics);
            var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001) with { BfdProfile = "fast" };
            var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]));
            State = WithProfile(state, new BfdProfile { Name = "fast", ReceiveInterval = 300, TransmitInterval = 300, DetectMultiplier = 5 });
            Allocation = allocation;
        }

        public BirdPeer Bird { get; }

        public BgpMetrics Metrics { get; } = new();

        public MetricsProbe Probe { get; }

        public ListLoggerFactory Log { get; } = new();

        public BgpAnnouncer Announcer { get; }

        public BgpSession Session => Announcer.Sessions["router"];

        public ClusterState State { get; }

        public AllocationResult Allocation { get; }

        public static async Task<Rig> StartAsync(bool birdRunsBfd)
        {
            var rig = new Rig(await NetNsLab.CreateAsync(), birdRunsBfd);
            try
            {
                await rig.Bird.StartAsync();
                await rig.Announcer.ApplyAsync(rig.State, rig.Announcer.Plan(rig.State, rig.Allocation), BgpScenario.Node, default);
                return rig;
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Announcer.DisposeAsync();
            Probe.Dispose();
            Metrics.Dispose();
            await Bird.DisposeAsync();
            await _lab.DisposeAsync();
        }
    }
}
