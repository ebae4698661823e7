using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.Bgp.Interop.Tests;
using Xunit.Abstractions;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>Our BFD endpoint in the lab's speaker namespace against a real BIRD 2 in its router namespace.</summary>
public class BfdBirdInteropTests(ITestOutputHelper output)
{
    private const string SingleHopV4 = $"{NetNsLab.SpeakerV4} local {NetNsLab.RouterV4}";

    [Fact]
    public async Task Open_BirdSingleHopIPv4_BothSidesUp()
    {
        await using var bird = await BirdBfdLab.StartAsync(SingleHopV4);
        var started = Stopwatch.GetTimestamp();

        var session = bird.Open(NetNsLab.RouterV4, NetNsLab.SpeakerV4);

        await bird.UpOnBothSidesAsync(session, NetNsLab.SpeakerV4);
        output.WriteLine($"Up after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms; {await bird.Bird.SessionsAsync()}");
        await bird.FastDetectionAsync(session);
        Assert.Equal(1, session.UpEvents);
        Assert.Equal(0, session.DownEvents);
        Assert.Equal(BfdDiagnostic.None, session.LocalDiagnostic);
        Assert.True(session.ControlPacketsReceived > 0 && session.ControlPacketsSent > 0);

        // Down → Init → Up when BIRD speaks second, Down → Up when its Init was first (§6.8.6): either way, no detour.
        Assert.Equal(BfdState.Up, bird.States.Changes[^1].State);
        Assert.All(bird.States.Changes, c => Assert.True(c.State is BfdState.Init or BfdState.Up, bird.States.ToString()));
        Assert.Same(session, Assert.Single(bird.Endpoint.Sessions));
    }

    [Fact]
    public async Task Open_BirdFrozenThenResumed_DownWithDiag1ThenUpAgain()
    {
        await using var bird = await BirdBfdLab.StartAsync(SingleHopV4);
        var session = bird.Open(NetNsLab.RouterV4, NetNsLab.SpeakerV4);
        await bird.UpOnBothSidesAsync(session, NetNsLab.SpeakerV4);
        await bird.FastDetectionAsync(session);

        var stopped = Stopwatch.GetTimestamp();
        await bird.Bird.PauseAsync();
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.State), s => s == BfdState.Down, "Down after SIGSTOP", 10, bird.Log);
        var down = bird.States.FirstAfter(stopped, BfdState.Down)!.Value;
        var toDown = Stopwatch.GetElapsedTime(stopped, down.At);

        Assert.Equal(BfdDiagnostic.ControlDetectionTimeExpired, down.Diagnostic);
        Assert.Equal(BfdDiagnostic.ControlDetectionTimeExpired, session.LocalDiagnostic);

        var resumed = Stopwatch.GetTimestamp();
        await bird.Bird.ResumeAsync();
        await bird.UpOnBothSidesAsync(session, NetNsLab.SpeakerV4);
        var up = bird.States.FirstAfter(resumed, BfdState.Up)!.Value;
        output.WriteLine($"SIGSTOP to Down: {toDown.TotalMilliseconds:F0} ms; SIGCONT to Up: {Stopwatch.GetElapsedTime(resumed, up.At).TotalMilliseconds:F0} ms; changes: {bird.States}");

        // How often it goes up again depends on the order in which the resumed BIRD handles its own expired timer and our
        // queued packets (it may come up, then take the session down for its own timeout): every Down was followed by Up.
        Assert.True(session.UpEvents >= 2, bird.States.ToString());
        Assert.Equal(session.UpEvents - 1, session.DownEvents);
    }

    [Fact]
    public async Task Dispose_UpSession_BirdSeesItGoDown()
    {
        await using var bird = await BirdBfdLab.StartAsync(SingleHopV4);
        var session = bird.Open(NetNsLab.RouterV4, NetNsLab.SpeakerV4);
        await bird.UpOnBothSidesAsync(session, NetNsLab.SpeakerV4);
        var sentBefore = session.ControlPacketsSent;

        var disposing = Stopwatch.GetTimestamp();
        await session.DisposeAsync();
        var disposeTime = Stopwatch.GetElapsedTime(disposing);

        // BIRD learns it from our AdminDown at once; its own detection timer would need 900 ms and more polls.
        var birdDown = await ExternalProcess.EventuallyAsync(() => bird.Bird.StateOfAsync(NetNsLab.SpeakerV4), s => s == "Down", "BIRD shows Down", 10, bird.Log);
        output.WriteLine($"dispose took {disposeTime.TotalMilliseconds:F0} ms; BIRD Down after {Stopwatch.GetElapsedTime(disposing).TotalMilliseconds:F0} ms");
        Assert.Equal("Down", birdDown);
        Assert.Equal(BfdState.AdminDown, session.State);
        Assert.Equal(BfdDiagnostic.AdministrativelyDown, session.LocalDiagnostic);
        Assert.Equal((BfdState.AdminDown, BfdDiagnostic.AdministrativelyDown), (bird.States.Changes[^1].State, bird.States.Changes[^1].Diagnostic));
        Assert.True(session.ControlPacketsSent >= sentBefore + 3, "AdminDown went out three times");
        Assert.Empty(bird.Endpoint.Sessions);
    }

    [Fact]
    public async Task Open_BirdSingleHopIPv6_BothSidesUp()
    {
        await using var bird = await BirdBfdLab.StartAsync($"{NetNsLab.SpeakerV6} local {NetNsLab.RouterV6}");

        var session = bird.Open(NetNsLab.RouterV6, NetNsLab.SpeakerV6);

        await bird.UpOnBothSidesAsync(session, NetNsLab.SpeakerV6);
        Assert.Equal(IPAddress.Parse(NetNsLab.RouterV6), session.Peer);
    }

    [Fact]
    public async Task Open_BirdMultihopWithMinimumTtl64_BothSidesUpOnPort4784()
    {
        await using var bird = await BirdBfdLab.StartAsync($"{SingleHopV4} multihop on");

        // BIRD 2.0 sends multihop packets with the system's default TTL (64), not 255, so the minimum TTL must allow it.
        var session = bird.Open(NetNsLab.RouterV4, NetNsLab.SpeakerV4, multihop: true, BfdSettings.Default with { MinimumTtl = 64 });

        await bird.UpOnBothSidesAsync(session, NetNsLab.SpeakerV4);
        Assert.True(session.Multihop);
        Assert.DoesNotContain(bird.Log.Lines, l => l.Contains("dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_BirdMultihopWithDefaultMinimumTtl_DropsBirdsTtl64PacketsAndStaysDown()
    {
        await using var bird = await BirdBfdLab.StartAsync($"{SingleHopV4} multihop on");

        var session = bird.Open(NetNsLab.RouterV4, NetNsLab.SpeakerV4, multihop: true);

        await bird.LoggedAsync("TTL 64 below the session's minimum 254", times: 2);
        Assert.Equal(BfdState.Down, session.State);
        Assert.Equal(0, session.ControlPacketsReceived);

        // The operator is told once, at Warning, what to change; the later drops stay at Debug.
        var warning = Assert.Single(bird.Log.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal));
        Assert.Contains("from 192.0.2.2 (multihop) arrive with TTL 64, below the 254 the session requires", warning, StringComparison.Ordinal);
        Assert.Contains("lower minimumTtl in the peer's BFDProfile to 64 or below", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_ForgedPacketsWithTtl1OrMalformed_DroppedAndSessionStaysUp()
    {
        await using var bird = await BirdBfdLab.StartAsync(SingleHopV4);
        var session = bird.Open(NetNsLab.RouterV4, NetNsLab.SpeakerV4);
        await bird.UpOnBothSidesAsync(session, NetNsLab.SpeakerV4);

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
        using var sender = bird.Lab.RunInRouter(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(NetNsLab.RouterV4), 0));
            return socket;
        });
        var target = new IPEndPoint(IPAddress.Parse(NetNsLab.SpeakerV4), BfdEndpoint.SingleHopPort);
        sender.Ttl = 1;
        await sender.SendToAsync(forged, target);
        sender.Ttl = 255;
        await sender.SendToAsync(new byte[] { 0x20, 0xC0, 0x03 }, target);
        await sender.SendToAsync(new byte[] { 0x20, 0xC0, 0x00, 0x18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, target);

        await bird.LoggedAsync("TTL 1 on a single-hop packet");
        await bird.LoggedAsync("shorter than a control packet");
        await bird.LoggedAsync("detect multiplier 0");
        Assert.All(bird.Log.Lines.Where(l => l.Contains("dropped", StringComparison.Ordinal)), l => Assert.StartsWith("Debug:", l, StringComparison.Ordinal));
        Assert.Equal(BfdState.Up, session.State);
        Assert.Equal(0, session.DownEvents);

        // The same packet at TTL 255 is honoured, so the TTL alone saved the session above; BIRD then brings it back.
        await sender.SendToAsync(forged, target);
        // The counter moves before the state callback records the change: wait for the record, then read the counter.
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(bird.States.Changes.Any(c => c.State == BfdState.Down && c.Diagnostic == BfdDiagnostic.NeighborSignaledSessionDown)),
            d => d, "Down (neighbor signaled) from the forged AdminDown at TTL 255", 10, bird.Log);
        Assert.Equal(1, session.DownEvents);
        await bird.UpOnBothSidesAsync(session, NetNsLab.SpeakerV4);
    }
}
