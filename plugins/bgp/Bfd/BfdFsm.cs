namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>
/// One BFD session in asynchronous mode (RFC 5880 §6.2, §6.8): state, timers and the packets to send. Pure: received
/// packets and timer expiries come in as calls, packets to send go out in a <see cref="BfdStep"/>; time is read from the
/// <see cref="TimeProvider"/> and the driver calls <see cref="OnTimer"/> at <see cref="NextDeadline"/>. Not thread-safe:
/// one owner (the session loop) calls it.
/// </summary>
internal sealed class BfdFsm
{
    /// <summary>RFC 5880 §6.8.3: while the session is not Up, bfd.DesiredMinTxInterval is at least one second.</summary>
    public static readonly TimeSpan SlowTransmitInterval = TimeSpan.FromSeconds(1);

    // RFC 5880 §6.8.1: bfd.RemoteMinRxInterval starts at 1 (µs), so we may transmit before hearing from the peer.
    private static readonly TimeSpan s_initialRemoteMinRx = TimeSpan.FromMicroseconds(1);

    private readonly TimeProvider _time;
    private readonly Random _jitter;
    private BfdSettings _settings;

    // bfd.DesiredMinTxInterval: the configured value while Up, at least a second otherwise (slow start).
    private TimeSpan _advertisedMinTx;

    // The intervals the peer is known to have seen: a Poll Sequence's Final confirms them (§6.8.3). Until then we keep
    // sending at no slower a rate, and timing the peer out no sooner, than these allow.
    private TimeSpan _confirmedMinTx;
    private TimeSpan _confirmedMinRx;

    // A change arrived while a Poll Sequence was in flight: its Final may answer a packet with the older values, so a
    // new sequence follows it (§6.5 allows one sequence at a time).
    private bool _pollStale;
    private TimeSpan _remoteMinRx = s_initialRemoteMinRx;

    // What the peer's last packet said and when it came, so a change of our receive interval can move the deadline.
    private (DateTimeOffset At, byte Multiplier, TimeSpan DesiredMinTx)? _lastHeard;
    private bool _started;

    public BfdFsm(BfdSettings settings, uint localDiscriminator, TimeProvider time, Random? jitter = null)
    {
        if (localDiscriminator == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(localDiscriminator), "RFC 5880 §6.8.1: the local discriminator is nonzero");
        }

        ThrowIfInvalid(settings);
        _settings = settings;
        _time = time;
        _jitter = jitter ?? Random.Shared;
        LocalDiscriminator = localDiscriminator;
        _advertisedMinTx = SlowStart(settings.DesiredMinTx);
        Confirm();
    }

    public BfdState State { get; private set; } = BfdState.Down;

    public BfdDiagnostic LocalDiagnostic { get; private set; } = BfdDiagnostic.None;

    public uint LocalDiscriminator { get; }

    /// <summary>bfd.RemoteDiscr: zero until the peer is heard, and again after a detection timeout.</summary>
    public uint RemoteDiscriminator { get; private set; }

    public BfdState RemoteState { get; private set; } = BfdState.Down;

    /// <summary>The Desired Min TX Interval we send now (slow start, §6.8.3).</summary>
    public TimeSpan AdvertisedMinTx => _advertisedMinTx;

    /// <summary>True while our Poll Sequence waits for a packet with the Final bit (§6.5).</summary>
    public bool PollPending { get; private set; }

    /// <summary>§6.8.4: how long the peer may stay silent; zero until it was heard.</summary>
    public TimeSpan DetectionTime { get; private set; }

    public DateTimeOffset? DetectionDeadline { get; private set; }

    public DateTimeOffset? NextTransmitAt { get; private set; }

    public DateTimeOffset? NextDeadline => DetectionDeadline is { } d && NextTransmitAt is { } t ? (d < t ? d : t) : DetectionDeadline ?? NextTransmitAt;

    /// <summary>§6.8.7: max(our Desired Min TX, the peer's Required Min RX), before jitter.</summary>
    public TimeSpan TransmitInterval => Max(PacedMinTx, _remoteMinRx);

    // §6.8.3: a longer transmit interval is used only once the peer has confirmed it; a shorter one at once.
    private TimeSpan PacedMinTx => PollPending ? Min(_confirmedMinTx, _advertisedMinTx) : _advertisedMinTx;

    // §6.8.3: a shorter Required Min RX shortens our Detection Time only once the peer has confirmed it; a longer one at once.
    private TimeSpan DetectionMinRx => PollPending ? Max(_confirmedMinRx, _settings.RequiredMinRx) : _settings.RequiredMinRx;

    /// <summary>Begins periodic transmission (unless passive, §6.1).</summary>
    public BfdStep Start()
    {
        _started = true;
        RescheduleTransmit(immediately: true);
        return BfdStep.None;
    }

    /// <summary>A packet that passed <see cref="BfdControlPacket.TryParse"/> and was matched to this session (§6.8.6).</summary>
    public BfdStep Receive(in BfdControlPacket packet)
    {
        // §6.8.6: in AdminDown everything received is discarded.
        if (State == BfdState.AdminDown)
        {
            return BfdStep.None;
        }

        var now = _time.GetUtcNow();
        RemoteDiscriminator = packet.MyDiscriminator;
        RemoteState = packet.State;
        _remoteMinRx = TimeSpan.FromMicroseconds(packet.RequiredMinRxInterval);

        // §6.5: a Final answers our Poll and ends the sequence, unless our values changed since it began.
        if (packet.Final && PollPending)
        {
            if (_pollStale)
            {
                _pollStale = false;
            }
            else
            {
                EndPoll();
            }
        }

        // §6.8.4: every packet restarts the detection timer.
        _lastHeard = (now, packet.DetectMultiplier, TimeSpan.FromMicroseconds(packet.DesiredMinTxInterval));
        RestartDetection();

        var changed = Transition(packet.State);

        // §6.8.6: a Poll is answered with a Final as soon as practicable, outside the transmit schedule; a state change is
        // sent at once too, so the peer's three-way handshake does not wait for our next periodic packet.
        BfdControlPacket? send = null;
        if (packet.Poll || (changed && CanTransmitPeriodically))
        {
            send = BuildPacket(final: packet.Poll);
            RescheduleTransmit(immediately: false);
        }
        else if (NextTransmitAt is null || !CanTransmitPeriodically)
        {
            // A passive session starts once the peer is heard; a peer asking for Required Min RX 0 stops us (§6.8.7).
            RescheduleTransmit(immediately: true);
        }

        return new BfdStep(changed, send);
    }

    /// <summary>Call at <see cref="NextDeadline"/>: detection timeout (§6.8.4) and periodic transmission (§6.8.7).</summary>
    public BfdStep OnTimer()
    {
        var now = _time.GetUtcNow();
        var changed = false;
        if (DetectionDeadline is { } deadline && deadline <= now)
        {
            DetectionDeadline = null;
            DetectionTime = TimeSpan.Zero;
            _lastHeard = null;

            // §6.8.1: bfd.RemoteDiscr is reset when a Detection Time passes in silence. The peer's other values are
            // forgotten with it, so a peer that asked for silence (Required Min RX 0) and vanished is probed again.
            RemoteDiscriminator = 0;
            RemoteState = BfdState.Down;
            _remoteMinRx = s_initialRemoteMinRx;
            if (State is BfdState.Init or BfdState.Up)
            {
                GoDown(BfdDiagnostic.ControlDetectionTimeExpired);
                changed = true;
            }
        }

        if (State == BfdState.AdminDown || !CanTransmitPeriodically)
        {
            NextTransmitAt = null;
            return new BfdStep(changed, null);
        }

        if (changed || (NextTransmitAt is { } at && at <= now))
        {
            RescheduleTransmit(immediately: false);
            return new BfdStep(changed, BuildPacket(final: false));
        }

        return new BfdStep(changed, null);
    }

    /// <summary>
    /// §6.8.3: new intervals, multiplier or role for the running session (an edited BFDProfile), without taking it down.
    /// While Up the change is announced with a Poll Sequence; until its Final, a longer transmit interval and a shorter
    /// receive interval wait, so the peer neither sees us slower than it expects nor is timed out on its old rate.
    /// </summary>
    public void Reconfigure(BfdSettings settings)
    {
        ThrowIfInvalid(settings);
        var before = (_advertisedMinTx, _settings.RequiredMinRx, _settings.DetectMultiplier);
        _settings = settings;
        if (State == BfdState.AdminDown)
        {
            return;
        }

        _advertisedMinTx = State == BfdState.Up ? settings.DesiredMinTx : SlowStart(settings.DesiredMinTx);
        if (before != (_advertisedMinTx, settings.RequiredMinRx, settings.DetectMultiplier))
        {
            AnnounceChange();
        }

        // A longer receive interval lets the peer slow down as soon as it sees our packet, before any Final reaches us:
        // the deadline already running must stretch with it. (A shorter one takes effect only after the Final.)
        if (DetectionDeadline is not null && _lastHeard is not null)
        {
            RestartDetection();
        }

        // A session that may speak now (no longer passive), or a faster rate, does not wait out the old schedule.
        if (NextTransmitAt is null || NextTransmitAt > _time.GetUtcNow() + TransmitInterval)
        {
            RescheduleTransmit(immediately: NextTransmitAt is null);
        }
    }

    // §6.8.4: remote Detect Mult × max(our Required Min RX, the peer's Desired Min TX), from the peer's last packet.
    private void RestartDetection()
    {
        var (at, multiplier, remoteTx) = _lastHeard!.Value;
        DetectionTime = multiplier * Max(remoteTx, DetectionMinRx);
        DetectionDeadline = at + DetectionTime;
    }

    /// <summary>§6.8.16: the session is taken down administratively; the caller sends the returned packet a few times.</summary>
    public BfdStep AdminDown()
    {
        var changed = State != BfdState.AdminDown;
        State = BfdState.AdminDown;
        LocalDiagnostic = BfdDiagnostic.AdministrativelyDown;
        EndPoll();
        NextTransmitAt = null;
        DetectionDeadline = null;
        return new BfdStep(changed, BuildPacket(final: false));
    }

    /// <summary>The jittered gap before the next periodic packet (§6.8.7).</summary>
    public TimeSpan NextTransmitGap()
    {
        // Reduced by 0-25%; with a Detect Mult of 1 the gap must be 75-90% of the interval, so one late packet is not
        // already a detection timeout at the peer.
        var fraction = _settings.DetectMultiplier == 1 ? 0.75 + (0.15 * _jitter.NextDouble()) : 1.0 - (0.25 * _jitter.NextDouble());
        return TransmitInterval * fraction;
    }

    public BfdControlPacket BuildPacket(bool final) => new()
    {
        Diagnostic = LocalDiagnostic,
        State = State,

        // §6.5: never Poll and Final together; a pending Poll rides on the next packet that is not a Final.
        Poll = PollPending && !final,
        Final = final,
        DetectMultiplier = _settings.DetectMultiplier,
        MyDiscriminator = LocalDiscriminator,
        YourDiscriminator = RemoteDiscriminator,
        DesiredMinTxInterval = Microseconds(_advertisedMinTx),
        RequiredMinRxInterval = Microseconds(_settings.RequiredMinRx),
        RequiredMinEchoRxInterval = 0,
    };

    // §6.8.7: nothing periodic from a passive system that has not heard the peer, nor to a peer that asks for none.
    private bool CanTransmitPeriodically =>
        _started && State != BfdState.AdminDown && _remoteMinRx > TimeSpan.Zero && !(_settings.Passive && RemoteDiscriminator == 0);

    // §6.8.6, the table after the discard rules.
    private bool Transition(BfdState remote)
    {
        if (remote == BfdState.AdminDown)
        {
            if (State != BfdState.Down)
            {
                GoDown(BfdDiagnostic.NeighborSignaledSessionDown);
                return true;
            }

            return false;
        }

        switch (State)
        {
            case BfdState.Down when remote == BfdState.Down:
                State = BfdState.Init;
                return true;
            case BfdState.Down when remote == BfdState.Init:
            case BfdState.Init when remote is BfdState.Init or BfdState.Up:
                GoUp();
                return true;
            case BfdState.Up when remote == BfdState.Down:
                GoDown(BfdDiagnostic.NeighborSignaledSessionDown);
                return true;
            default:
                return false;
        }
    }

    private void GoUp()
    {
        State = BfdState.Up;
        LocalDiagnostic = BfdDiagnostic.None;

        // §6.8.3: leave slow start, announced with a Poll Sequence. Being a decrease, it applies at once.
        if (_advertisedMinTx != _settings.DesiredMinTx)
        {
            _advertisedMinTx = _settings.DesiredMinTx;
            AnnounceChange();
        }
    }

    private void GoDown(BfdDiagnostic diagnostic)
    {
        State = BfdState.Down;
        LocalDiagnostic = diagnostic;
        _advertisedMinTx = SlowStart(_settings.DesiredMinTx);
        EndPoll();
    }

    // While Up, the peer learns of a change through a Poll Sequence; otherwise nothing depends on its timing yet.
    private void AnnounceChange()
    {
        if (State != BfdState.Up)
        {
            Confirm();
        }
        else if (PollPending)
        {
            _pollStale = true;
        }
        else
        {
            PollPending = true;
        }
    }

    private void EndPoll()
    {
        PollPending = false;
        _pollStale = false;
        Confirm();
    }

    private void Confirm()
    {
        _confirmedMinTx = _advertisedMinTx;
        _confirmedMinRx = _settings.RequiredMinRx;
    }

    private void RescheduleTransmit(bool immediately)
    {
        NextTransmitAt = CanTransmitPeriodically ? _time.GetUtcNow() + (immediately ? TimeSpan.Zero : NextTransmitGap()) : null;
    }

    private static TimeSpan SlowStart(TimeSpan configured) => Max(configured, SlowTransmitInterval);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static void ThrowIfInvalid(BfdSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DetectMultiplier == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "the detect multiplier is nonzero");
        }
    }

    private static uint Microseconds(TimeSpan value) => (uint)Math.Clamp(value.Ticks / TimeSpan.TicksPerMicrosecond, 0, uint.MaxValue);
}
