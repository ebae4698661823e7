using Ingot.Plugins.Bgp.Codec;

namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>
/// The BGP finite state machine (RFC 4271 §8) for one peer, with automatic start and restart. Pure: events come in as
/// method calls, actions go out as a list; timers are deadlines read from <see cref="TimeProvider"/>, and the driver calls
/// <see cref="OnTimer"/> at <see cref="NextDeadline"/>.
/// </summary>
internal sealed class BgpFsm
{
    private readonly BgpFsmOptions _options;
    private readonly TimeProvider _time;
    private TimeSpan _backoff = TimeSpan.Zero;
    private DateTimeOffset? _connectRetryAt;
    private DateTimeOffset? _holdAt;
    private DateTimeOffset? _keepaliveAt;

    public BgpFsm(BgpFsmOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public BgpState State { get; private set; } = BgpState.Idle;

    /// <summary>Hold time agreed in the OPEN exchange; zero when timers are off.</summary>
    public TimeSpan NegotiatedHoldTime { get; private set; }

    public TimeSpan KeepaliveInterval { get; private set; }

    /// <summary>The peer's AS: the configured one, or for a dynamicASN peer the one its accepted OPEN named (null
    /// until then).</summary>
    public uint? PeerAsn => _options.PeerAsn ?? PeerOpen?.Asn;

    /// <summary>The peer's OPEN once received.</summary>
    public BgpOpenMessage? PeerOpen { get; private set; }

    /// <summary>Our BGP identifier; checked against the peer's (RFC 6286 §2.2).</summary>
    public uint LocalIdentifier { get; set; }

    /// <summary>The delay before the next outgoing connection attempt (MetalLB: 0, 1 s, 2 s, 4 s … 2 min).</summary>
    public TimeSpan CurrentBackoff => _backoff;

    /// <summary>The earliest armed timer, or null.</summary>
    public DateTimeOffset? NextDeadline => Min(Min(_connectRetryAt, _holdAt), _keepaliveAt);

    /// <summary>ManualStart with automatic restart (RFC 4271 §8.1.2 events 1/3): connect out now, or wait passively.</summary>
    public List<BgpAction> Start()
    {
        var actions = new List<BgpAction>();
        if (State != BgpState.Idle)
        {
            return actions;
        }

        if (_options.ActiveConnect)
        {
            State = BgpState.Connect;
            actions.Add(BgpAction.Of(BgpActionKind.Connect));
        }
        else
        {
            State = BgpState.Active;
        }

        return actions;
    }

    /// <summary>ManualStop (event 2): Cease to the peer if connected, then Idle.</summary>
    public List<BgpAction> Stop(CeaseSubcode subcode, string reason)
    {
        var actions = new List<BgpAction>();
        if (State is BgpState.OpenSent or BgpState.OpenConfirm or BgpState.Established)
        {
            actions.Add(BgpAction.Notification(BgpErrorCode.Cease, (byte)subcode, null, reason));
        }

        if (State is not BgpState.Idle)
        {
            actions.Add(BgpAction.Of(BgpActionKind.CloseConnection));
            if (State == BgpState.Established)
            {
                actions.Add(BgpAction.Down(reason));
            }
        }

        State = BgpState.Idle;
        ClearTimers();
        return actions;
    }

    /// <summary>The outgoing connection succeeded (event 16/17), or an incoming one was accepted while waiting.</summary>
    public List<BgpAction> ConnectionUp(bool incoming)
    {
        var actions = new List<BgpAction>();
        if (State is not (BgpState.Connect or BgpState.Active))
        {
            // RFC 4271 §8.2.2: a second connection in a later state is the collision case, handled by the driver.
            actions.Add(BgpAction.Of(BgpActionKind.CloseConnection));
            return actions;
        }

        if (incoming)
        {
            actions.Add(BgpAction.Of(BgpActionKind.AbortConnect));
        }

        _connectRetryAt = null;
        State = BgpState.OpenSent;
        _holdAt = _time.GetUtcNow() + BgpTimers.OpenSentHoldTime;
        actions.Add(BgpAction.Of(BgpActionKind.SendOpen));
        return actions;
    }

    /// <summary>The connection failed or closed (events 18/19).</summary>
    public List<BgpAction> ConnectionFailed(string reason)
    {
        var actions = new List<BgpAction>();
        if (State == BgpState.Idle)
        {
            return actions;
        }

        if (State is BgpState.OpenSent or BgpState.OpenConfirm or BgpState.Established)
        {
            actions.Add(BgpAction.Of(BgpActionKind.CloseConnection));
        }

        GoDown(actions, reason);
        return actions;
    }

    public List<BgpAction> OpenReceived(BgpOpenMessage open)
    {
        var actions = new List<BgpAction>();
        if (State != BgpState.OpenSent)
        {
            return Unexpected(actions, "OPEN");
        }

        // RFC 4271 §6.2: the peer's AS must be the one configured, or for a dynamicASN peer one of the configured kind
        // (FRR's remote-as internal/external); with RFC 6793 it comes from the 4-octet capability. A refusal goes down
        // like any OPEN error, so the next attempt waits for the backoff.
        if (!_options.Accepts(open.Asn))
        {
            Span<byte> data = stackalloc byte[2];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(data, open.MyAs);
            return Fail(actions, new BgpProtocolException(BgpErrorCode.OpenMessage, (byte)OpenErrorSubcode.BadPeerAs, data, $"peer AS {open.Asn}, expected {_options.Expected}"));
        }

        // RFC 6286 §2.2: inside one AS the identifiers must differ.
        if (_options.IsInternal && open.BgpIdentifier == LocalIdentifier)
        {
            return Fail(actions, BgpProtocolException.Open(OpenErrorSubcode.BadBgpIdentifier, default, "peer uses our BGP identifier"));
        }

        PeerOpen = open;
        NegotiatedHoldTime = _options.Timers.Negotiate(open.HoldTimeSeconds);
        KeepaliveInterval = _options.Timers.KeepaliveFor(NegotiatedHoldTime);
        State = BgpState.OpenConfirm;
        actions.Add(BgpAction.Of(BgpActionKind.SendKeepalive));
        ArmHold();
        ArmKeepalive();
        return actions;
    }

    public List<BgpAction> KeepaliveReceived()
    {
        var actions = new List<BgpAction>();
        switch (State)
        {
            case BgpState.OpenConfirm:
                State = BgpState.Established;
                _backoff = TimeSpan.Zero;
                ArmHold();
                actions.Add(BgpAction.Of(BgpActionKind.Established));
                return actions;
            case BgpState.Established:
                ArmHold();
                return actions;
            default:
                return Unexpected(actions, "KEEPALIVE");
        }
    }

    public List<BgpAction> UpdateReceived()
    {
        var actions = new List<BgpAction>();
        if (State != BgpState.Established)
        {
            return Unexpected(actions, "UPDATE");
        }

        ArmHold();
        return actions;
    }

    public List<BgpAction> RouteRefreshReceived()
    {
        var actions = new List<BgpAction>();
        if (State != BgpState.Established)
        {
            return Unexpected(actions, "ROUTE-REFRESH");
        }

        ArmHold();
        actions.Add(BgpAction.Of(BgpActionKind.ResendAll));
        return actions;
    }

    /// <summary>A NOTIFICATION arrived (events 24/25): close without answering.</summary>
    public List<BgpAction> NotificationReceived(BgpNotificationMessage notification)
    {
        var actions = new List<BgpAction>();
        if (State == BgpState.Idle)
        {
            return actions;
        }

        actions.Add(BgpAction.Of(BgpActionKind.CloseConnection));
        GoDown(actions, $"peer sent NOTIFICATION {notification}");
        return actions;
    }

    /// <summary>Malformed input (RFC 4271 §6): answer with the matching NOTIFICATION and close.</summary>
    public List<BgpAction> ProtocolError(BgpProtocolException error) => Fail([], error);

    /// <summary>We sent an UPDATE or KEEPALIVE: the keepalive timer restarts (RFC 4271 §8.2.2 Established).</summary>
    public void MessageSent() => ArmKeepalive();

    /// <summary>Fires every expired timer.</summary>
    public List<BgpAction> OnTimer()
    {
        var actions = new List<BgpAction>();
        var now = _time.GetUtcNow();
        if (_holdAt is { } hold && hold <= now)
        {
            // RFC 4271 §6.5: Hold Timer Expired, then close.
            _holdAt = null;
            actions.Add(BgpAction.Notification(BgpErrorCode.HoldTimerExpired, 0, null, "hold timer expired"));
            actions.Add(BgpAction.Of(BgpActionKind.CloseConnection));
            GoDown(actions, "hold timer expired");
            return actions;
        }

        if (_keepaliveAt is { } keepalive && keepalive <= now)
        {
            actions.Add(BgpAction.Of(BgpActionKind.SendKeepalive));
            ArmKeepalive();
        }

        if (_connectRetryAt is { } retry && retry <= now)
        {
            _connectRetryAt = null;
            if (State is BgpState.Active or BgpState.Connect && _options.ActiveConnect)
            {
                State = BgpState.Connect;
                actions.Add(BgpAction.Of(BgpActionKind.Connect));
            }
        }

        return actions;
    }

    private List<BgpAction> Unexpected(List<BgpAction> actions, string what)
    {
        // RFC 6608 §4: the FSM error subcode says which state got the unexpected message.
        var subcode = State switch
        {
            BgpState.OpenSent => FsmErrorSubcode.UnexpectedMessageInOpenSent,
            BgpState.OpenConfirm => FsmErrorSubcode.UnexpectedMessageInOpenConfirm,
            BgpState.Established => FsmErrorSubcode.UnexpectedMessageInEstablished,
            _ => FsmErrorSubcode.Unspecified,
        };
        if (State is BgpState.Idle or BgpState.Connect or BgpState.Active)
        {
            return actions;
        }

        return Fail(actions, BgpProtocolException.Fsm(subcode, $"unexpected {what} in {State}"));
    }

    private List<BgpAction> Fail(List<BgpAction> actions, BgpProtocolException error)
    {
        if (State is BgpState.Idle)
        {
            return actions;
        }

        actions.Add(BgpAction.Notification(error.Code, error.Subcode, error.Data, error.Message));
        actions.Add(BgpAction.Of(BgpActionKind.CloseConnection));
        GoDown(actions, error.Message);
        return actions;
    }

    private void GoDown(List<BgpAction> actions, string reason)
    {
        var wasEstablished = State == BgpState.Established;
        ClearTimers();
        PeerOpen = null;

        // Automatic restart (RFC 4271 §8.1.1 option): retry after a backoff of 1 s doubling to 2 min.
        _backoff = _backoff == TimeSpan.Zero ? BgpTimers.InitialConnectRetry : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, BgpTimers.MaxConnectRetry.Ticks));
        State = BgpState.Active;
        _connectRetryAt = _options.ActiveConnect ? _time.GetUtcNow() + _backoff : null;
        actions.Add(new BgpAction(BgpActionKind.SessionDown, Reason: reason + (wasEstablished ? string.Empty : " (before Established)")));
    }

    private void ArmHold() => _holdAt = NegotiatedHoldTime > TimeSpan.Zero ? _time.GetUtcNow() + NegotiatedHoldTime : null;

    private void ArmKeepalive() => _keepaliveAt = KeepaliveInterval > TimeSpan.Zero && State is BgpState.OpenConfirm or BgpState.Established ? _time.GetUtcNow() + KeepaliveInterval : null;

    private void ClearTimers()
    {
        _connectRetryAt = null;
        _holdAt = null;
        _keepaliveAt = null;
        NegotiatedHoldTime = TimeSpan.Zero;
        KeepaliveInterval = TimeSpan.Zero;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b)
        => a is null ? b : b is null ? a : a < b ? a : b;
}
