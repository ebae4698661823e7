using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.Bgp.Interop.Tests;
using Ingot.Plugins.Bgp.Tests;
using Xunit.Abstractions;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>Our BFD endpoint in the lab's speaker namespace against a real BIRD 2 in its router namespace.</summary>
public class BfdBirdInteropTests(ITestOutputHelper output)
{
    private static readonly IPAddress s_speakerV4 = IPAddress.Parse(NetNsLab.SpeakerV4);
    private static readonly IPAddress s_routerV4 = IPAddress.Parse(NetNsLab.RouterV4);

    [Fact]
    public async Task Open_BirdSingleHopIPv4_BothSidesUp()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdBfdPeer(lab.Router, $"{NetNsLab.SpeakerV4} local {NetNsLab.RouterV4}");
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        var states = new BfdStateLog();
        await using var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, log);
        var started = Stopwatch.GetTimestamp();

        var session = endpoint.Open(s_routerV4, s_speakerV4, multihop: false, BfdSettings.Default, states.Record);

        await UpOnBothSidesAsync(session, bird, NetNsLab.SpeakerV4, log);
        output.WriteLine($"Up after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms; {await bird.SessionsAsync()}");

        // Both sides leave slow start: BIRD's Desired Min TX drops to 300 ms, so our detection time is 3 × 300 ms.
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.DetectionTime), d => d == TimeSpan.FromMilliseconds(900), "detection time 900 ms", 15);
        Assert.Equal(1, session.UpEvents);
        Assert.Equal(0, session.DownEvents);
        Assert.Equal(BfdDiagnostic.None, session.LocalDiagnostic);
        Assert.True(session.ControlPacketsReceived > 0 && session.ControlPacketsSent > 0);

        // Down → Init → Up when BIRD speaks second, Down → Up when its Init was first (§6.8.6): either way, no detour.
        Assert.Equal(BfdState.Up, states.Changes[^1].State);
        Assert.All(states.Changes, c => Assert.True(c.State is BfdState.Init or BfdState.Up, states.ToString()));
        Assert.Same(session, Assert.Single(endpoint.Sessions));
    }

    [Fact]
    public async Task Open_BirdFrozenThenResumed_DownWithDiag1ThenUpAgain()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdBfdPeer(lab.Router, $"{NetNsLab.SpeakerV4} local {NetNsLab.RouterV4}");
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        var states = new BfdStateLog();
        await using var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, log);
        var session = endpoint.Open(s_routerV4, s_speakerV4, multihop: false, BfdSettings.Default, states.Record);
        await UpOnBothSidesAsync(session, bird, NetNsLab.SpeakerV4, log);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.DetectionTime), d => d == TimeSpan.FromMilliseconds(900), "detection time 900 ms", 15);

        var stopped = Stopwatch.GetTimestamp();
        await bird.PauseAsync();
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.State), s => s == BfdState.Down, "Down after SIGSTOP", 10, log);
        var down = states.FirstAfter(stopped, BfdState.Down)!.Value;
        var toDown = Stopwatch.GetElapsedTime(stopped, down.At);

        Assert.Equal(BfdDiagnostic.ControlDetectionTimeExpired, down.Diagnostic);
        Assert.Equal(BfdDiagnostic.ControlDetectionTimeExpired, session.LocalDiagnostic);
        Assert.True(toDown < TimeSpan.FromSeconds(3), $"Down {toDown.TotalMilliseconds:F0} ms after SIGSTOP with a 900 ms detection time");

        var resumed = Stopwatch.GetTimestamp();
        await bird.ResumeAsync();
        await UpOnBothSidesAsync(session, bird, NetNsLab.SpeakerV4, log);
        var up = states.FirstAfter(resumed, BfdState.Up)!.Value;
        output.WriteLine($"SIGSTOP to Down: {toDown.TotalMilliseconds:F0} ms; SIGCONT to Up: {Stopwatch.GetElapsedTime(resumed, up.At).TotalMilliseconds:F0} ms; changes: {states}");
        Assert.Equal(2, session.UpEvents);
        Assert.Equal(1, session.DownEvents);
    }

    [Fact]
    public async Task Dispose_UpSession_BirdSeesItGoDown()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdBfdPeer(lab.Router, $"{NetNsLab.SpeakerV4} local {NetNsLab.RouterV4}");
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        var states = new BfdStateLog();
        await using var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, log);
        var session = endpoint.Open(s_routerV4, s_speakerV4, multihop: false, BfdSettings.Default, states.Record);
        await UpOnBothSidesAsync(session, bird, NetNsLab.SpeakerV4, log);
        var sentBefore = session.ControlPacketsSent;

        var disposing = Stopwatch.GetTimestamp();
        await session.DisposeAsync();
        var disposeTime = Stopwatch.GetElapsedTime(disposing);

        // BIRD learns it from our AdminDown at once; its own detection timer would need 900 ms and more polls.
        var birdDown = await ExternalProcess.EventuallyAsync(() => bird.StateOfAsync(NetNsLab.SpeakerV4), s => s == "Down", "BIRD shows Down", 10, log);
        output.WriteLine($"dispose took {disposeTime.TotalMilliseconds:F0} ms; BIRD Down after {Stopwatch.GetElapsedTime(disposing).TotalMilliseconds:F0} ms");
        Assert.Equal("Down", birdDown);
        Assert.Equal(BfdState.AdminDown, session.State);
        Assert.Equal(BfdDiagnostic.AdministrativelyDown, session.LocalDiagnostic);
        Assert.Equal((BfdState.AdminDown, BfdDiagnostic.AdministrativelyDown), (states.Changes[^1].State, states.Changes[^1].Diagnostic));
        Assert.True(session.ControlPacketsSent >= sentBefore + 3, "AdminDown went out three times");
        Assert.Empty(endpoint.Sessions);
    }

    [Fact]
    public async Task Open_BirdSingleHopIPv6_BothSidesUp()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdBfdPeer(lab.Router, $"{NetNsLab.SpeakerV6} local {NetNsLab.RouterV6}");
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        await using var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, log);

        var session = endpoint.Open(IPAddress.Parse(NetNsLab.RouterV6), IPAddress.Parse(NetNsLab.SpeakerV6), multihop: false, BfdSettings.Default, (_, _) => { });

        await UpOnBothSidesAsync(session, bird, NetNsLab.SpeakerV6, log);
        Assert.Equal(IPAddress.Parse(NetNsLab.RouterV6), session.Peer);
    }

    [Fact]
    public async Task Open_BirdMultihopWithMinimumTtl64_BothSidesUpOnPort4784()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdBfdPeer(lab.Router, $"{NetNsLab.SpeakerV4} local {NetNsLab.RouterV4} multihop on");
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        await using var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, log);

        // BIRD 2.0 sends multihop packets with the system's default TTL (64), not 255, so the minimum TTL must allow it.
        var session = endpoint.Open(s_routerV4, s_speakerV4, multihop: true, BfdSettings.Default with { MinimumTtl = 64 }, (_, _) => { });

        await UpOnBothSidesAsync(session, bird, NetNsLab.SpeakerV4, log);
        Assert.True(session.Multihop);
        Assert.DoesNotContain(log.Lines, l => l.Contains("dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_BirdMultihopWithDefaultMinimumTtl_DropsBirdsTtl64PacketsAndStaysDown()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdBfdPeer(lab.Router, $"{NetNsLab.SpeakerV4} local {NetNsLab.RouterV4} multihop on");
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        await using var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, log);

        var session = endpoint.Open(s_routerV4, s_speakerV4, multihop: true, BfdSettings.Default, (_, _) => { });

        await ExternalProcess.EventuallyAsync(() => Task.FromResult(log.Lines), l => l.Count(x => x.Contains("TTL 64 below the session's minimum 254", StringComparison.Ordinal)) >= 2, "BIRD's packets dropped for their TTL", 10, log);
        Assert.Equal(BfdState.Down, session.State);
        Assert.Equal(0, session.ControlPacketsReceived);
    }

    [Fact]
    public async Task Receive_ForgedPacketsWithTtl1OrMalformed_DroppedAndSessionStaysUp()
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var bird = new BirdBfdPeer(lab.Router, $"{NetNsLab.SpeakerV4} local {NetNsLab.RouterV4}");
        await bird.StartAsync();
        var log = new ListLoggerFactory();
        var states = new BfdStateLog();
        await using var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, log);
        var session = endpoint.Open(s_routerV4, s_speakerV4, multihop: false, BfdSettings.Default, states.Record);
        await UpOnBothSidesAsync(session, bird, NetNsLab.SpeakerV4, log);

        // A packet that would take the session down (the peer's address, our discriminator, AdminDown), but sent with
        // TTL 1 as an attacker a hop away would have to: RFC 5881 §5 drops it.
        var forged = new byte[BfdControlPacket.MandatoryLength];
        new BfdControlPacket
        {
            State = BfdState.AdminDown,
            Diagnostic = BfdDiagnostic.AdministrativelyDown,
            DetectMultiplier = 3,
            MyDiscriminator = 0xBAD,
            YourDiscriminator = session.LocalDiscriminator,
            DesiredMinTxInterval = 300_000,
            RequiredMinRxInterval = 300_000,
        }.Write(forged);
        using var sender = lab.RunInRouter(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        lab.RunInRouter(() =>
        {
            sender.Bind(new IPEndPoint(s_routerV4, 0));
            return sender;
        });
        var target = new IPEndPoint(s_speakerV4, BfdEndpoint.SingleHopPort);
        sender.Ttl = 1;
        await sender.SendToAsync(forged, target);
        sender.Ttl = 255;
        await sender.SendToAsync(new byte[] { 0x20, 0xC0, 0x03 }, target);
        await sender.SendToAsync(new byte[] { 0x20, 0xC0, 0x00, 0x18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, target);

        await ExternalProcess.EventuallyAsync(() => Task.FromResult(log.Lines), l => l.Any(x => x.Contains("TTL 1 on a single-hop packet", StringComparison.Ordinal)), "the TTL 1 drop logged", 10, log);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(log.Lines), l => l.Any(x => x.Contains("shorter than a control packet", StringComparison.Ordinal)), "the runt drop logged", 10, log);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(log.Lines), l => l.Any(x => x.Contains("detect multiplier 0", StringComparison.Ordinal)), "the malformed drop logged", 10, log);
        Assert.All(log.Lines.Where(l => l.Contains("dropped", StringComparison.Ordinal)), l => Assert.StartsWith("Debug:", l, StringComparison.Ordinal));
        Assert.Equal(BfdState.Up, session.State);
        Assert.Equal(0, session.DownEvents);

        // The same packet at TTL 255 is honoured, so the TTL alone saved the session above; BIRD then brings it back.
        await sender.SendToAsync(forged, target);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.DownEvents), d => d == 1, "Down from the forged AdminDown at TTL 255", 10, log);
        Assert.Contains(states.Changes, c => c.State == BfdState.Down && c.Diagnostic == BfdDiagnostic.NeighborSignaledSessionDown);
        await UpOnBothSidesAsync(session, bird, NetNsLab.SpeakerV4, log);
    }

    private static async Task UpOnBothSidesAsync(BfdSession session, BirdBfdPeer bird, string speaker, ListLoggerFactory log)
    {
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.State), s => s == BfdState.Up, "our session Up", 20, log);
        await ExternalProcess.EventuallyAsync(() => bird.StateOfAsync(speaker), s => s == "Up", "BIRD's session Up", 20, $"{log}\n{await bird.SessionsAsync()}\n{bird.Output}");
    }
}
