using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

public class BfdFsmTests
{
    private const uint Local = 0x1111;
    private const uint Remote = 0x7777;
    private static readonly TimeSpan s_ms300 = TimeSpan.FromMilliseconds(300);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<(DateTimeOffset At, BfdControlPacket Packet)> _sent = [];

    [Fact]
    public void Receive_ThreeWayHandshake_DownInitUp()
    {
        var fsm = Started(BfdSettings.Default);
        RunFor(fsm, TimeSpan.Zero);
        var first = Assert.Single(_sent).Packet;
        Assert.Equal(BfdState.Down, first.State);
        Assert.Equal(0u, first.YourDiscriminator);
        Assert.Equal(Local, first.MyDiscriminator);

        var init = fsm.Receive(Peer(BfdState.Down, yourDiscriminator: 0));
        Assert.True(init.StateChanged);
        Assert.Equal(BfdState.Init, fsm.State);
        Assert.Equal(BfdState.Init, init.Transmit!.Value.State);
        Assert.Equal(Remote, init.Transmit.Value.YourDiscriminator);

        var up = fsm.Receive(Peer(BfdState.Up));
        Assert.True(up.StateChanged);
        Assert.Equal(BfdState.Up, fsm.State);
        Assert.Equal(BfdDiagnostic.None, fsm.LocalDiagnostic);
        Assert.Equal(BfdState.Up, up.Transmit!.Value.State);

        var again = fsm.Receive(Peer(BfdState.Up));
        Assert.False(again.StateChanged);
        Assert.Null(again.Transmit);
    }

    [Fact]
    public void Receive_PeerInitWhileDown_GoesStraightUp()
    {
        var fsm = Started(BfdSettings.Default);

        var step = fsm.Receive(Peer(BfdState.Init));

        Assert.True(step.StateChanged);
        Assert.Equal(BfdState.Up, fsm.State);
    }

    [Fact]
    public void OnTimer_PeerSilentForDetectionTime_DownWithDiag1()
    {
        var fsm = UpSession(BfdSettings.Default);
        Assert.Equal(TimeSpan.FromMilliseconds(900), fsm.DetectionTime);

        RunFor(fsm, TimeSpan.FromMilliseconds(899));
        Assert.Equal(BfdState.Up, fsm.State);

        RunFor(fsm, TimeSpan.FromMilliseconds(1));
        Assert.Equal(BfdState.Down, fsm.State);
        Assert.Equal(BfdDiagnostic.ControlDetectionTimeExpired, fsm.LocalDiagnostic);
        Assert.Equal(0u, fsm.RemoteDiscriminator);
        var last = _sent[^1].Packet;
        Assert.Equal((BfdState.Down, BfdDiagnostic.ControlDetectionTimeExpired, 0u), (last.State, last.Diagnostic, last.YourDiscriminator));
        Assert.Equal(_time.GetUtcNow(), _sent[^1].At);
    }

    [Theory]
    [InlineData((byte)BfdState.Down)]
    [InlineData((byte)BfdState.AdminDown)]
    public void Receive_PeerSignalsDownWhileUp_DownWithDiag3(byte state)
    {
        var remote = (BfdState)state;
        var fsm = UpSession(BfdSettings.Default);

        var step = fsm.Receive(Peer(remote, yourDiscriminator: remote == BfdState.AdminDown ? Local : 0));

        Assert.True(step.StateChanged);
        Assert.Equal(BfdState.Down, fsm.State);
        Assert.Equal(BfdDiagnostic.NeighborSignaledSessionDown, fsm.LocalDiagnostic);
        Assert.Equal(BfdState.Down, step.Transmit!.Value.State);
        Assert.Equal(BfdDiagnostic.NeighborSignaledSessionDown, step.Transmit.Value.Diagnostic);
    }

    [Fact]
    public void Receive_PeerAdminDownWhileInit_DownWithDiag3AndStaysDown()
    {
        var fsm = Started(BfdSettings.Default);
        fsm.Receive(Peer(BfdState.Down, yourDiscriminator: 0));
        Assert.Equal(BfdState.Init, fsm.State);

        Assert.True(fsm.Receive(Peer(BfdState.AdminDown)).StateChanged);
        Assert.Equal((BfdState.Down, BfdDiagnostic.NeighborSignaledSessionDown), (fsm.State, fsm.LocalDiagnostic));

        // §6.8.6: while the peer is AdminDown we stay Down rather than answering its packets with Init.
        Assert.False(fsm.Receive(Peer(BfdState.AdminDown)).StateChanged);
        Assert.Equal(BfdState.Down, fsm.State);
    }

    [Fact]
    public void Transmit_SlowStartUntilUp_ThenConfiguredIntervalAfterThePollSequence()
    {
        var fsm = Started(BfdSettings.Default);
        RunFor(fsm, TimeSpan.FromSeconds(10));
        var slow = Gaps();
        Assert.InRange(slow.Count, 9, 14);
        Assert.All(slow, g => Assert.InRange(g.TotalMilliseconds, 750, 1000));
        Assert.All(_sent, s => Assert.Equal(1_000_000u, s.Packet.DesiredMinTxInterval));

        // Up: the advertised value drops to 300 ms under a Poll; the decrease applies at once (§6.8.3).
        fsm.Receive(Peer(BfdState.Down, yourDiscriminator: 0));
        var up = fsm.Receive(Peer(BfdState.Up, desiredMinTx: s_ms300));
        Assert.True(fsm.PollPending);
        Assert.True(up.Transmit!.Value.Poll);
        Assert.Equal(300_000u, up.Transmit.Value.DesiredMinTxInterval);
        _sent.Clear();
        Feed(fsm, TimeSpan.FromSeconds(1));
        Assert.All(_sent, s => Assert.True(s.Packet.Poll, "the Poll repeats until a Final comes"));

        fsm.Receive(Peer(BfdState.Up, final: true, desiredMinTx: s_ms300));
        Assert.False(fsm.PollPending);
        _sent.Clear();
        Feed(fsm, TimeSpan.FromSeconds(3));
        var fast = Gaps();
        Assert.InRange(fast.Count, 9, 14);
        Assert.All(fast, g => Assert.InRange(g.TotalMilliseconds, 225, 300));
        Assert.All(_sent, s => Assert.False(s.Packet.Poll));
        Assert.All(_sent, s => Assert.Equal(300_000u, s.Packet.DesiredMinTxInterval));
    }

    [Fact]
    public void TransmitInterval_PeerRaisesRequiredMinRx_FollowsAndDownReturnsToSlowStart()
    {
        var fsm = UpSession(BfdSettings.Default);
        fsm.Receive(Peer(BfdState.Up, final: true));
        Assert.Equal(s_ms300, fsm.TransmitInterval);

        fsm.Receive(Peer(BfdState.Up, requiredMinRx: TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(2), fsm.TransmitInterval);

        fsm.Receive(Peer(BfdState.Down, yourDiscriminator: 0));
        Assert.Equal(BfdState.Down, fsm.State);
        Assert.Equal(BfdFsm.SlowTransmitInterval, fsm.AdvertisedMinTx);
        Assert.False(fsm.PollPending);
    }

    [Fact]
    public void Receive_Poll_AnsweredWithFinalAtOnceAndNeverWithPoll()
    {
        var fsm = UpSession(BfdSettings.Default);
        Assert.True(fsm.PollPending);
        var before = _time.GetUtcNow();

        var step = fsm.Receive(Peer(BfdState.Up, poll: true));

        var answer = step.Transmit!.Value;
        Assert.True(answer.Final);
        Assert.False(answer.Poll);
        Assert.Equal(BfdState.Up, answer.State);
        Assert.True(fsm.PollPending, "our own Poll still waits for its Final");
        Assert.Equal(before, _time.GetUtcNow());
    }

    [Fact]
    public void Start_Passive_SendsNothingUntilThePeerSpeaks()
    {
        var fsm = Started(BfdSettings.Default with { Passive = true });
        Assert.Null(fsm.NextDeadline);
        Assert.False(fsm.OnTimer().Transmit.HasValue);

        var step = fsm.Receive(Peer(BfdState.Down, yourDiscriminator: 0));

        Assert.Equal(BfdState.Init, fsm.State);
        Assert.NotNull(step.Transmit);
        RunFor(fsm, TimeSpan.FromMilliseconds(2500));
        Assert.NotEmpty(_sent);
    }

    [Fact]
    public void OnTimer_PassivePeerGoneSilent_StopsSendingAgain()
    {
        var fsm = Started(BfdSettings.Default with { Passive = true });
        fsm.Receive(Peer(BfdState.Down, yourDiscriminator: 0));
        RunFor(fsm, TimeSpan.FromSeconds(4));
        Assert.Equal(BfdState.Down, fsm.State);
        var count = _sent.Count;

        RunFor(fsm, TimeSpan.FromSeconds(10));

        Assert.Equal(count, _sent.Count);
        Assert.Null(fsm.NextDeadline);
    }

    [Fact]
    public void NextTransmitGap_Jitter_WithinRfcBounds()
    {
        var three = new BfdFsm(BfdSettings.Default, Local, _time, new Random(1));
        var one = new BfdFsm(BfdSettings.Default with { DetectMultiplier = 1 }, Local, _time, new Random(2));
        var interval = three.TransmitInterval.TotalMilliseconds;

        var threes = Enumerable.Range(0, 10_000).Select(_ => three.NextTransmitGap().TotalMilliseconds / interval).ToList();
        var ones = Enumerable.Range(0, 10_000).Select(_ => one.NextTransmitGap().TotalMilliseconds / interval).ToList();

        // §6.8.7: reduced by 0-25%; with Detect Mult 1, between 75% and 90%.
        Assert.All(threes, f => Assert.InRange(f, 0.75, 1.0));
        Assert.All(ones, f => Assert.InRange(f, 0.75, 0.90));
        Assert.True(threes.Min() < 0.76 && threes.Max() > 0.99, "the whole range is used");
        Assert.True(ones.Min() < 0.76 && ones.Max() > 0.89, "the whole range is used");
    }

    [Fact]
    public void NextTransmitGap_SameSeed_SameSequence()
    {
        var a = new BfdFsm(BfdSettings.Default, Local, _time, new Random(7));
        var b = new BfdFsm(BfdSettings.Default, Local, _time, new Random(7));

        Assert.Equal(Enumerable.Range(0, 20).Select(_ => a.NextTransmitGap()), Enumerable.Range(0, 20).Select(_ => b.NextTransmitGap()));
    }

    [Fact]
    public void Transmit_PeerRequiredMinRxZero_StopsPeriodicButStillAnswersPoll()
    {
        var fsm = UpSession(BfdSettings.Default);
        fsm.Receive(Peer(BfdState.Up, final: true, requiredMinRx: TimeSpan.Zero));
        Assert.Null(fsm.NextTransmitAt);
        _sent.Clear();

        Feed(fsm, TimeSpan.FromSeconds(3), requiredMinRx: TimeSpan.Zero);
        Assert.Empty(_sent);
        Assert.Equal(BfdState.Up, fsm.State);

        var answer = fsm.Receive(Peer(BfdState.Up, poll: true, requiredMinRx: TimeSpan.Zero));
        Assert.True(answer.Transmit!.Value.Final);

        fsm.Receive(Peer(BfdState.Up));
        Assert.NotNull(fsm.NextTransmitAt);
    }

    [Theory]
    [InlineData(1000, 300, 5, 5000)]  // the peer's Desired Min TX dominates
    [InlineData(100, 300, 3, 900)]    // our Required Min RX dominates
    [InlineData(300, 50, 1, 300)]
    public void Receive_DetectionTime_IsRemoteMultTimesTheSlowerSide(int remoteTxMs, int ourRxMs, byte remoteMult, int expectedMs)
    {
        var fsm = Started(BfdSettings.Default with { RequiredMinRx = TimeSpan.FromMilliseconds(ourRxMs) });

        fsm.Receive(Peer(BfdState.Down, yourDiscriminator: 0, desiredMinTx: TimeSpan.FromMilliseconds(remoteTxMs), detectMultiplier: remoteMult));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), fsm.DetectionTime);
        Assert.Equal(_time.GetUtcNow() + fsm.DetectionTime, fsm.DetectionDeadline);
    }

    [Fact]
    public void AdminDown_FromUp_Diag7AndIgnoresThePeerAfterwards()
    {
        var fsm = UpSession(BfdSettings.Default);

        var step = fsm.AdminDown();

        Assert.True(step.StateChanged);
        Assert.Equal((BfdState.AdminDown, BfdDiagnostic.AdministrativelyDown), (step.Transmit!.Value.State, step.Transmit.Value.Diagnostic));
        Assert.Null(fsm.NextDeadline);
        Assert.Equal(BfdStep.None, fsm.Receive(Peer(BfdState.Up)));
        Assert.Equal(BfdState.AdminDown, fsm.State);
    }

    [Fact]
    public void Reconfigure_LongerTransmitWhileUp_PollFirstAndTheOldRateUntilTheFinal()
    {
        var fsm = SettledUpSession(BfdSettings.Default);

        fsm.Reconfigure(BfdSettings.Default with { DesiredMinTx = TimeSpan.FromSeconds(1) });

        // §6.8.3: the peer must stretch its Detection Time before we slow down.
        Assert.True(fsm.PollPending);
        Assert.Equal(s_ms300, fsm.TransmitInterval);
        Feed(fsm, TimeSpan.FromSeconds(2));
        Assert.All(Gaps(), g => Assert.InRange(g.TotalMilliseconds, 225, 300));
        Assert.All(_sent, s => Assert.Equal((true, 1_000_000u), (s.Packet.Poll, s.Packet.DesiredMinTxInterval)));

        fsm.Receive(Peer(BfdState.Up, final: true));
        Assert.False(fsm.PollPending);
        Assert.Equal(TimeSpan.FromSeconds(1), fsm.TransmitInterval);
        _sent.Clear();
        Feed(fsm, TimeSpan.FromSeconds(5));
        Assert.All(Gaps(), g => Assert.InRange(g.TotalMilliseconds, 750, 1000));
        Assert.All(_sent, s => Assert.False(s.Packet.Poll));
    }

    [Fact]
    public void Reconfigure_ShorterTransmitWhileUp_AppliesAtOnce()
    {
        var fsm = SettledUpSession(BfdSettings.Default with { DesiredMinTx = TimeSpan.FromSeconds(1) });
        Assert.Equal(TimeSpan.FromSeconds(1), fsm.TransmitInterval);
        Assert.NotNull(fsm.NextTransmitAt);

        fsm.Reconfigure(BfdSettings.Default);

        Assert.True(fsm.PollPending);
        Assert.Equal(s_ms300, fsm.TransmitInterval);
        Assert.InRange(fsm.NextTransmitAt!.Value - _time.GetUtcNow(), TimeSpan.FromMilliseconds(225), s_ms300);
    }

    [Fact]
    public void Reconfigure_ShorterReceiveWhileUp_DetectionTimeKeepsTheOldValueUntilTheFinal()
    {
        var fsm = SettledUpSession(BfdSettings.Default with { RequiredMinRx = TimeSpan.FromSeconds(1) });
        Assert.Equal(TimeSpan.FromSeconds(3), fsm.DetectionTime);

        fsm.Reconfigure(BfdSettings.Default);
        RunFor(fsm, s_ms300);
        fsm.Receive(Peer(BfdState.Up));

        // §6.8.3: the peer may still be sending at the slower rate it was allowed until it has seen our Poll.
        Assert.Equal(TimeSpan.FromSeconds(3), fsm.DetectionTime);
        Assert.Equal((true, 300_000u), (_sent[^1].Packet.Poll, _sent[^1].Packet.RequiredMinRxInterval));

        fsm.Receive(Peer(BfdState.Up, final: true));
        Assert.Equal(TimeSpan.FromMilliseconds(900), fsm.DetectionTime);
    }

    [Fact]
    public void Reconfigure_LongerReceiveWhileUp_TheRunningDeadlineStretchesAtOnce()
    {
        var fsm = SettledUpSession(BfdSettings.Default);
        var heard = _time.GetUtcNow();
        RunFor(fsm, TimeSpan.FromMilliseconds(500));

        // The peer may slow down as soon as it sees our packet; if its Final were lost, the old 900 ms would expire.
        fsm.Reconfigure(BfdSettings.Default with { RequiredMinRx = TimeSpan.FromSeconds(2) });

        Assert.True(fsm.PollPending);
        Assert.Equal(TimeSpan.FromSeconds(6), fsm.DetectionTime);
        Assert.Equal(heard + TimeSpan.FromSeconds(6), fsm.DetectionDeadline);
        RunFor(fsm, TimeSpan.FromSeconds(5));
        Assert.Equal(BfdState.Up, fsm.State);
    }

    [Fact]
    public void Reconfigure_AgainWhilePolling_TheFirstFinalStartsASecondSequence()
    {
        var fsm = SettledUpSession(BfdSettings.Default);
        fsm.Reconfigure(BfdSettings.Default with { DesiredMinTx = TimeSpan.FromSeconds(1) });
        fsm.Reconfigure(BfdSettings.Default with { DesiredMinTx = TimeSpan.FromSeconds(2) });

        // That Final may answer a Poll that carried 1 s: 2 s is not confirmed by it.
        fsm.Receive(Peer(BfdState.Up, final: true));
        Assert.True(fsm.PollPending);
        Assert.Equal(s_ms300, fsm.TransmitInterval);
        Assert.True(NextPacket(fsm).Poll);

        fsm.Receive(Peer(BfdState.Up, final: true));
        Assert.False(fsm.PollPending);
        Assert.Equal(TimeSpan.FromSeconds(2), fsm.TransmitInterval);
    }

    [Fact]
    public void Reconfigure_MultiplierOnly_AnnouncedWithAPoll()
    {
        var fsm = SettledUpSession(BfdSettings.Default);

        fsm.Reconfigure(BfdSettings.Default with { DetectMultiplier = 5 });

        var next = NextPacket(fsm);
        Assert.Equal((true, (byte)5), (next.Poll, next.DetectMultiplier));
        Assert.Equal(s_ms300, fsm.TransmitInterval);
    }

    [Fact]
    public void Reconfigure_Unchanged_NoPoll()
    {
        var fsm = SettledUpSession(BfdSettings.Default);

        fsm.Reconfigure(BfdSettings.Default with { MinimumTtl = 200 });

        Assert.False(fsm.PollPending);
    }

    [Fact]
    public void Reconfigure_WhileDown_AppliesAtOnceWithoutAPoll()
    {
        var fsm = Started(BfdSettings.Default);

        fsm.Reconfigure(BfdSettings.Default with { DesiredMinTx = TimeSpan.FromSeconds(2), RequiredMinRx = TimeSpan.FromSeconds(1) });

        Assert.False(fsm.PollPending);
        Assert.Equal(TimeSpan.FromSeconds(2), fsm.TransmitInterval);
        var next = NextPacket(fsm);
        Assert.Equal((false, 2_000_000u, 1_000_000u), (next.Poll, next.DesiredMinTxInterval, next.RequiredMinRxInterval));

        // Slow start still holds: a shorter interval than a second waits for Up.
        fsm.Reconfigure(BfdSettings.Default);
        Assert.Equal(BfdFsm.SlowTransmitInterval, fsm.AdvertisedMinTx);
    }

    [Fact]
    public void Reconfigure_PassiveToActive_StartsSendingAtOnce()
    {
        var fsm = Started(BfdSettings.Default with { Passive = true });
        Assert.Null(fsm.NextDeadline);

        fsm.Reconfigure(BfdSettings.Default);

        Assert.Equal(_time.GetUtcNow(), fsm.NextTransmitAt);
        RunFor(fsm, TimeSpan.Zero);
        Assert.Equal(BfdState.Down, Assert.Single(_sent).Packet.State);
    }

    [Fact]
    public void Reconfigure_AfterAdminDown_StaysSilent()
    {
        var fsm = UpSession(BfdSettings.Default);
        fsm.AdminDown();

        fsm.Reconfigure(BfdSettings.Default with { DesiredMinTx = TimeSpan.FromSeconds(1) });

        Assert.Equal(BfdState.AdminDown, fsm.State);
        Assert.Null(fsm.NextDeadline);
        Assert.Throws<ArgumentOutOfRangeException>(() => fsm.Reconfigure(BfdSettings.Default with { DetectMultiplier = 0 }));
    }

    private BfdFsm Started(BfdSettings settings)
    {
        var fsm = new BfdFsm(settings, Local, _time, new Random(42));
        fsm.Start();
        return fsm;
    }

    private BfdFsm UpSession(BfdSettings settings)
    {
        var fsm = Started(settings);
        fsm.Receive(Peer(BfdState.Init, desiredMinTx: s_ms300));
        Assert.Equal(BfdState.Up, fsm.State);
        return fsm;
    }

    /// <summary>Up, with the Poll Sequence that leaves slow start answered: the configured timers are in force.</summary>
    private BfdFsm SettledUpSession(BfdSettings settings)
    {
        var fsm = UpSession(settings);
        fsm.Receive(Peer(BfdState.Up, final: true));
        Assert.False(fsm.PollPending);
        _sent.Clear();
        return fsm;
    }

    /// <summary>The next periodic packet: the clock moves to the FSM's transmit time.</summary>
    private BfdControlPacket NextPacket(BfdFsm fsm)
    {
        if (fsm.NextTransmitAt is { } at && at > _time.GetUtcNow())
        {
            _time.SetUtcNow(at);
        }

        return fsm.OnTimer().Transmit!.Value;
    }

    private static BfdControlPacket Peer(
        BfdState state,
        uint yourDiscriminator = Local,
        bool poll = false,
        bool final = false,
        TimeSpan? desiredMinTx = null,
        TimeSpan? requiredMinRx = null,
        byte detectMultiplier = 3) => new()
        {
            State = state,
            Poll = poll,
            Final = final,
            DetectMultiplier = detectMultiplier,
            MyDiscriminator = Remote,
            YourDiscriminator = yourDiscriminator,
            DesiredMinTxInterval = (uint)(desiredMinTx ?? s_ms300).TotalMicroseconds,
            RequiredMinRxInterval = (uint)(requiredMinRx ?? s_ms300).TotalMicroseconds,
        };

    /// <summary>Moves the fake clock forward, firing the FSM's timer at each deadline on the way.</summary>
    private void RunFor(BfdFsm fsm, TimeSpan span)
    {
        var until = _time.GetUtcNow() + span;
        while (fsm.NextDeadline is { } deadline && deadline <= until)
        {
            if (deadline > _time.GetUtcNow())
            {
                _time.SetUtcNow(deadline);
            }

            if (fsm.OnTimer().Transmit is { } packet)
            {
                _sent.Add((_time.GetUtcNow(), packet));
            }
        }

        _time.SetUtcNow(until);
    }

    /// <summary>Runs the clock with the peer sending Up every 300 ms, so detection never fires.</summary>
    private void Feed(BfdFsm fsm, TimeSpan span, TimeSpan? requiredMinRx = null)
    {
        for (var t = TimeSpan.Zero; t < span; t += s_ms300)
        {
            RunFor(fsm, s_ms300);
            fsm.Receive(Peer(BfdState.Up, requiredMinRx: requiredMinRx));
        }
    }

    private List<TimeSpan> Gaps() => _sent.Zip(_sent.Skip(1), (a, b) => b.At - a.At).ToList();
}
