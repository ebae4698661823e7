using Ingot.Plugins.Bgp.Fsm;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>Session behaviour against a real gobgpd in a namespace: MD5, hold timer, graceful restart, metrics.</summary>
public class GoBgpSessionTests
{
    private static readonly BgpAdvertisement[] s_ads = [new BgpAdvertisement { Name = "ad" }];

    [Fact]
    public async Task Md5_RightPassword_EstablishesAndMetricsReport()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var gobgp = new GoBgpPeer(lab.Router, NetNsLab.RouterV4, 65001, NetNsLab.SpeakerV4, 64512, password: "s3cret-Pa55");
        await gobgp.StartAsync();
        using var metrics = new BgpMetrics();
        using var probe = new MetricsProbe(metrics);
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log, metrics);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001, password: "s3cret-Pa55");
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        await ExternalProcess.EventuallyAsync(gobgp.NeighborStateAsync, s => s == "established", "MD5 session established", context: log);
        await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.ContainsKey("192.0.2.10/32"), "route over MD5 session");

        const string label = "192.0.2.2:179";
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(probe.Read("metallb_bgp_announced_prefixes_total", label)), v => v == 1, "announced gauge");
        Assert.Equal(1, probe.Read("metallb_bgp_session_up", label));
        Assert.Equal(1, probe.Read("metallb_bgp_pending_prefixes_total", label));
        Assert.True(probe.Read("metallb_bgp_updates_total", label) >= 1);
        Assert.Equal(1, probe.Read("metallb_bgp_opens_sent", label));
        Assert.Equal(1, probe.Read("metallb_bgp_opens_received", label));
        Assert.True(probe.Read("metallb_bgp_keepalives_sent", label) >= 1);
        Assert.True(probe.Read("metallb_bgp_keepalives_received", label) >= 1);

        // FRR mode's totals: every message, both ways. A keepalive may fall between two reads, hence the range.
        long SentParts() => probe.Read("metallb_bgp_opens_sent", label) + probe.Read("metallb_bgp_keepalives_sent", label) + probe.Read("metallb_bgp_updates_total", label);
        long ReceivedParts() => probe.Read("metallb_bgp_opens_received", label) + probe.Read("metallb_bgp_keepalives_received", label);
        var (sentBefore, receivedBefore) = (SentParts(), ReceivedParts());
        var (totalSent, totalReceived) = (probe.Read("metallb_bgp_total_sent", label), probe.Read("metallb_bgp_total_received", label));
        Assert.InRange(totalSent, sentBefore, SentParts());
        Assert.InRange(totalReceived, receivedBefore, ReceivedParts());
        (string, string)[] announced = [("service", "default/web"), ("protocol", "bgp"), ("node", BgpScenario.Node), ("ip", "192.0.2.10")];
        Assert.Equal(1, probe.Read("metallb_speaker_announced", announced));

        await announcer.WithdrawAllAsync(default);
        Assert.Equal(1, probe.Read("metallb_bgp_notifications_sent", label));
        Assert.Equal(-1, probe.Read("metallb_speaker_announced", announced));
    }

    [Fact]
    public async Task Md5_WrongPassword_NeverEstablishes()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var gobgp = new GoBgpPeer(lab.Router, NetNsLab.RouterV4, 65001, NetNsLab.SpeakerV4, 64512, password: "right");
        await gobgp.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001, password: "wrong");
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        // The kernel drops segments with a bad signature (RFC 2385 §2.0), so our connect attempt fails.
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(log.Lines), l => l.Any(x => x.Contains("connect to router", StringComparison.Ordinal) && x.Contains("failed", StringComparison.Ordinal)), "failed connect with wrong MD5 key", 40);
        Assert.NotEqual("established", await gobgp.NeighborStateAsync());
        Assert.NotEqual(BgpState.Established, announcer.Sessions["router"].Snapshot.State);
    }

    [Fact]
    public async Task HoldTimer_SilentPeer_SessionDeclaredDown()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var gobgp = new GoBgpPeer(lab.Router, NetNsLab.RouterV4, 65001, NetNsLab.SpeakerV4, 64512, holdTime: 3);
        await gobgp.StartAsync();
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001, hold: TimeSpan.FromSeconds(3));
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        var session = announcer.Sessions["router"];
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.Snapshot.State), s => s == BgpState.Established, "established", context: log);

        await gobgp.SignalAsync("STOP");
        try
        {
            await ExternalProcess.EventuallyAsync(() => Task.FromResult(log.Lines), l => l.Any(x => x.Contains("hold timer expired", StringComparison.Ordinal)), "hold timer expiry", context: log);
            Assert.NotEqual(BgpState.Established, session.Snapshot.State);
        }
        finally
        {
            await gobgp.SignalAsync("CONT");
        }
    }

    [Fact]
    public async Task GracefulRestart_SpeakerRestarts_PeerKeepsRoutesUntilEndOfRib()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var gobgp = new GoBgpPeer(lab.Router, NetNsLab.RouterV4, 65001, NetNsLab.SpeakerV4, 64512, gracefulRestart: true);
        await gobgp.StartAsync();
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001, gracefulRestart: true);
        var log = new ListLoggerFactory();

        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]), ("db", ["192.0.2.20"]));
        var first = GoBgpInteropTests.NewAnnouncer(lab, log);
        await first.ApplyAsync(state, first.Plan(state, allocation), BgpScenario.Node, default);
        await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.Count == 2, "routes before restart", context: log);

        // A crash: the TCP connection drops with no NOTIFICATION and no withdrawal.
        await first.Sessions["router"].AbortAsync(default);
        await first.DisposeAsync();
        var stale = await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.Count == 2 && r.Values.All(x => x.Stale), "routes kept as stale (RFC 4724 §4.2)", context: gobgp.Output);
        Assert.True(stale.ContainsKey("192.0.2.20/32"));

        // The restarted speaker only has "web": after its End-of-RIB the peer drops the stale "db" route.
        (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]));
        await using var second = GoBgpInteropTests.NewAnnouncer(lab, log);
        await second.ApplyAsync(state, second.Plan(state, allocation), BgpScenario.Node, default);
        var after = await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.Count == 1 && !r.Values.Single().Stale, "fresh route after End-of-RIB", context: $"{log}\n{gobgp.Output}");
        Assert.True(after.ContainsKey("192.0.2.10/32"));
    }

    [Fact]
    public async Task InitialTable_FollowsChangesWhileDown_AndIsSentAgainAfterPeerRestart()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var gobgp = new GoBgpPeer(lab.Router, NetNsLab.RouterV4, 65001, NetNsLab.SpeakerV4, 64512);
        var log = new ListLoggerFactory();
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001);

        // The peer is not up yet: the session plans its initial table ahead, then the table changes before it connects.
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]), ("db", ["192.0.2.20"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]), ("api", ["192.0.2.30"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        await gobgp.StartAsync();
        await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.Keys.Order().SequenceEqual(["192.0.2.10/32", "192.0.2.30/32"]), "the latest table, not the first", context: log);

        // The peer goes away and comes back empty: the whole table goes to it again.
        await gobgp.StopAsync();
        var session = announcer.Sessions["router"];
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.Snapshot.State), s => s != BgpState.Established, "session down with the peer", context: log);
        await gobgp.StartAsync();
        await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.Keys.Order().SequenceEqual(["192.0.2.10/32", "192.0.2.30/32"]), "the table sent again", context: log);
    }

    [Fact]
    public async Task Passive_BothSidesConnect_OneSessionEstablishesAndRoutesArrive()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var gobgp = new GoBgpPeer(lab.Router, NetNsLab.RouterV4, 65001, NetNsLab.SpeakerV4, 64512, passive: false);
        await gobgp.StartAsync();
        var log = new ListLoggerFactory();

        // We listen on 179 in the speaker namespace and dial out too: either connection may win (RFC 4271 §6.8).
        await using var announcer = GoBgpInteropTests.NewAnnouncer(lab, log, listenPort: 179);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, 65001);
        var (state, allocation) = BgpScenario.Build([peer], s_ads, ("web", ["192.0.2.10"]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);

        Assert.Equal(179, announcer.ListenEndPoint!.Port);
        await ExternalProcess.EventuallyAsync(() => gobgp.RibAsync("ipv4"), r => r.ContainsKey("192.0.2.10/32"), "route over the surviving connection", context: $"{log}\n{gobgp.Output}");
        Assert.Equal(BgpState.Established, announcer.Sessions["router"].Snapshot.State);
    }
}
