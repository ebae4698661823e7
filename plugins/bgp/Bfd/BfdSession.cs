using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Ingot.Plugins.Bgp.Timing;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>
/// One BFD session to one peer, opened by <see cref="BfdEndpoint.Open"/>. A single loop owns the <see cref="BfdFsm"/> and
/// the transmit socket: received packets (handed over by the endpoint) and timer expiries arrive as events on a channel,
/// so no state is shared between threads except the read-only views below.
/// </summary>
/// <remarks>
/// The state-change callback runs on the session loop, a thread-pool thread, one call at a time and in order. It must
/// not block; a callback that throws is logged and the session carries on. It is also called for the final AdminDown
/// when the session is disposed.
/// </remarks>
internal sealed partial class BfdSession : IAsyncDisposable
{
    /// <summary>§6.8.16: AdminDown is repeated so that one lost datagram does not leave the peer waiting for a timeout.</summary>
    private const int AdminDownRepeats = 3;

    private readonly BfdFsm _fsm;
    private readonly Socket _socket;
    private readonly IPEndPoint _destination;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<BfdState, BfdDiagnostic> _onStateChanged;
    private readonly Action<BfdSession> _onClosed;
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ITimer _timer;
    private readonly byte[] _buffer = new byte[BfdControlPacket.MandatoryLength];
    private Task? _loop;
    private int _disposed;
    private volatile BfdState _state = BfdState.Down;
    private volatile BfdDiagnostic _diagnostic = BfdDiagnostic.None;
    private volatile bool _peerAdminDown;
    private volatile BfdSettings _settings;
    private long _detectionTicks;
    private long _received;
    private long _sent;
    private long _upEvents;
    private long _downEvents;
    private int _ttlWarned;

    internal BfdSession(BfdSessionOptions options, Socket socket, TimeProvider time, ILogger logger, Action<BfdState, BfdDiagnostic> onStateChanged, Action<BfdSession> onClosed)
    {
        Peer = options.Peer;
        Local = options.Local;
        Multihop = options.Multihop;
        _settings = options.Settings;
        LocalDiscriminator = options.LocalDiscriminator;
        _socket = socket;
        _destination = new IPEndPoint(options.Peer, options.Multihop ? BfdEndpoint.MultihopPort : BfdEndpoint.SingleHopPort);
        _time = time;
        _logger = logger;
        _onStateChanged = onStateChanged;
        _onClosed = onClosed;
        _fsm = new BfdFsm(options.Settings, options.LocalDiscriminator, time);
        _timer = time.CreateTimer(_ => _events.Writer.TryWrite(TimerFired.Instance), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IPAddress Peer { get; }

    public IPAddress Local { get; }

    public bool Multihop { get; }

    /// <summary>The settings in force; <see cref="Reconfigure"/> replaces them once the loop has applied them.</summary>
    public BfdSettings Settings => _settings;

    public uint LocalDiscriminator { get; }

    public BfdState State => _state;

    /// <summary>Why the session last went down (Diag, RFC 5880 §4.1); <see cref="BfdDiagnostic.None"/> while Up.</summary>
    public BfdDiagnostic LocalDiagnostic => _diagnostic;

    /// <summary>
    /// The session is down because the peer took it administratively down: RFC 5882 §3.2 asks clients not to treat that as a
    /// path failure. Set before <c>onStateChanged</c> runs.
    /// </summary>
    public bool PeerAdministrativelyDown => _peerAdminDown;

    /// <summary>How long the peer may stay silent before the session goes down (§6.8.4); zero until it was heard.</summary>
    public TimeSpan DetectionTime => TimeSpan.FromTicks(Volatile.Read(ref _detectionTicks));

    /// <summary>Valid control packets matched to this session.</summary>
    public long ControlPacketsReceived => Interlocked.Read(ref _received);

    public long ControlPacketsSent => Interlocked.Read(ref _sent);

    /// <summary>Transitions into Up.</summary>
    public long UpEvents => Interlocked.Read(ref _upEvents);

    /// <summary>Transitions from Up to Down (detection timeout or the peer's Down/AdminDown); disposal is not counted.</summary>
    public long DownEvents => Interlocked.Read(ref _downEvents);

    internal void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>True once per time the session is not Up: whether to warn that the peer's TTL keeps it down.</summary>
    internal bool ClaimTtlWarning() => Interlocked.Exchange(ref _ttlWarned, 1) == 0;

    /// <summary>Hands a received packet to the loop (called by the endpoint's receive loop).</summary>
    internal void Deliver(in BfdControlPacket packet) => _events.Writer.TryWrite(new PacketReceived(packet));

    /// <summary>
    /// New intervals, multiplier, role or minimum TTL (an edited BFDProfile) for the running session. It stays up: the
    /// peer learns the timers through a Poll Sequence (RFC 5880 §6.8.3).
    /// </summary>
    public void Reconfigure(BfdSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _events.Writer.TryWrite(new SettingsChanged(settings));
    }

    /// <summary>Sends AdminDown (Diag 7) a few times, stops the loop and releases the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_loop is not null && _events.Writer.TryWrite(new StopRequested(done)))
        {
            await done.Task;
        }

        _events.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }

        await _timer.DisposeAsync();
        _socket.Dispose();
        _onClosed(this);
    }

    private async Task RunAsync()
    {
        await ExecuteAsync(_fsm.Start());
        Rearm();
        await foreach (var e in _events.Reader.ReadAllAsync())
        {
            if (e is StopRequested stop)
            {
                await StopAsync(stop);
                return;
            }

            try
            {
                await HandleAsync(e);
            }
            catch (Exception ex)
            {
                // Nothing here is expected to throw; if something does, the session keeps running on its timers.
                Log.LoopError(_logger, Peer, ex);
            }

            Volatile.Write(ref _detectionTicks, _fsm.DetectionTime.Ticks);
            Rearm();
        }
    }

    private async Task HandleAsync(object e)
    {
        switch (e)
        {
            case PacketReceived p:
                Interlocked.Increment(ref _received);
                await ExecuteAsync(_fsm.Receive(p.Packet));
                break;
            case TimerFired:
                await ExecuteAsync(_fsm.OnTimer());
                break;
            case SettingsChanged c when c.Settings != _settings:
                _fsm.Reconfigure(c.Settings);
                _settings = c.Settings;
                Log.Reconfigured(_logger, Peer, c.Settings.DesiredMinTx.TotalMilliseconds, c.Settings.RequiredMinRx.TotalMilliseconds, c.Settings.DetectMultiplier, c.Settings.Passive);
                break;
            default:
                break;
        }
    }

    private async Task StopAsync(StopRequested stop)
    {
        try
        {
            await AdminDownAsync();
        }
        catch (Exception ex)
        {
            Log.LoopError(_logger, Peer, ex);
        }
        finally
        {
            stop.Done.TrySetResult();
        }
    }

    private async Task ExecuteAsync(BfdStep step)
    {
        if (step.StateChanged)
        {
            Publish();
        }

        if (step.Transmit is { } packet)
        {
            await SendAsync(packet);
        }
    }

    private async Task AdminDownAsync()
    {
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var step = _fsm.AdminDown();
        if (step.StateChanged)
        {
            Publish();
        }

        // A peer that never spoke to us has no session to take down (and could not match our packet to one).
        if (_fsm.RemoteDiscriminator == 0 || step.Transmit is not { } packet)
        {
            return;
        }

        for (var i = 0; i < AdminDownRepeats; i++)
        {
            if (i > 0)
            {
                await Task.Delay(_fsm.NextTransmitGap(), _time);
            }

            await SendAsync(packet);
        }
    }

    private void Publish()
    {
        var previous = _state;
        var state = _fsm.State;
        var diagnostic = _fsm.LocalDiagnostic;
        _diagnostic = diagnostic;
        _peerAdminDown = state == BfdState.Down && _fsm.RemoteState == BfdState.AdminDown;
        if (state == BfdState.Up)
        {
            Interlocked.Increment(ref _upEvents);
            Volatile.Write(ref _ttlWarned, 0);
        }
        else if (previous == BfdState.Up && state == BfdState.Down)
        {
            Interlocked.Increment(ref _downEvents);
        }

        Log.StateChanged(_logger, Peer, Multihop ? "multihop" : "single hop", previous, state, diagnostic);

        // The state goes out last, so whoever sees it (a scrape, a test) also sees its counters and its log line.
        _state = state;
        try
        {
            _onStateChanged(state, diagnostic);
        }
        catch (Exception e)
        {
            // The owner's problem, not the session's: BFD keeps running.
            Log.CallbackFailed(_logger, Peer, e);
        }
    }

    private async Task SendAsync(BfdControlPacket packet)
    {
        var length = packet.Write(_buffer);
        try
        {
            await _socket.SendToAsync(_buffer.AsMemory(0, length), SocketFlags.None, _destination);
            Interlocked.Increment(ref _sent);
        }
        catch (SocketException e)
        {
            // No route or no neighbour yet: the detection timer on both sides handles it, the next packet retries.
            Log.SendFailed(_logger, Peer, e.Message);
        }
    }

    private void Rearm() => DeadlineTimer.Arm(_timer, _fsm.NextDeadline, _time);

    private sealed class TimerFired
    {
        public static readonly TimerFired Instance = new();
    }

    private sealed record PacketReceived(BfdControlPacket Packet);

    private sealed record SettingsChanged(BfdSettings Settings);

    private sealed record StopRequested(TaskCompletionSource Done);
}
