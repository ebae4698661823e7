using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Ingot.Plugins.Bgp.Bfd;
using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Fsm;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Timing;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>
/// One BGP session to one peer: drives <see cref="BgpFsm"/> from a single event loop (socket results, received messages,
/// timers, route changes), so the state machine and what was sent are only touched by one task.
/// </summary>
internal sealed partial class BgpSession : IAsyncDisposable
{
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(10);
    private static readonly Dictionary<BgpPrefix, RouteEntry> s_nothingSent = [];

    private readonly TimeProvider _time;
    private readonly INetworkScope _network;
    private readonly ILogger _logger;
    private readonly BgpMetrics _metrics;
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BgpFsm _fsm;
    private readonly ITimer _timer;
    private readonly Dictionary<BgpPrefix, RouteEntry> _sent = [];
    private ImmutableDictionary<BgpPrefix, RouteEntry> _desired = ImmutableDictionary<BgpPrefix, RouteEntry>.Empty;

    // The initial table, planned while the session is not up yet (both families; filtered by the peer's at send time), so
    // Established goes straight to encoding. Valid only for the desired set it was planned from.
    private (ImmutableDictionary<BgpPrefix, RouteEntry> Desired, SyncPlan Plan)? _initialPlan;
    private BgpConnection? _connection;
    private CancellationTokenSource? _connectAttempt;
    private Task? _loop;
    private int _attempt;
    private bool _restarted = true;
    private long _learnedPeerAsn = -1;
    private volatile string? _lastError;
    private volatile int _announced;
    private volatile int _pending;
    private volatile BgpState _state;
    private volatile BgpSessionConfig _config;

    // bfd opens (once) the BFD endpoint every session shares; it is called only when a BFDProfile applies.
    public BgpSession(BgpSessionConfig config, TimeProvider time, ILogger logger, BgpMetrics metrics, INetworkScope? network = null, Func<BfdEndpoint>? bfd = null)
    {
        _network = network ?? ProcessNetworkScope.Instance;
        _bfdEndpoint = bfd;
        _config = config;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _fsm = new BgpFsm(config.FsmOptions, time);
        _timer = time.CreateTimer(_ => _events.Writer.TryWrite(TimerFired.Instance), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        metrics.Register(this, () => new BgpSessionMetrics(Config.MetricPeer, _state == BgpState.Established, _announced, _pending, _bfd));
    }

    /// <summary>The configuration in force; only <see cref="TryReconfigure"/> changes it, and only its BFD settings.</summary>
    public BgpSessionConfig Config => _config;

    public BgpSessionState Snapshot => new(_state, _announced, _pending);

    /// <summary>Raised (on the session loop) whenever the FSM changes state; for tests and logs.</summary>
    public event Action<BgpState>? StateChanged;

    /// <summary>The peer's AS: configured, or for a dynamicASN peer learned from the OPEN of the session last
    /// established (null before).</summary>
    public uint? PeerAsn => Config.PeerAsn ?? (Interlocked.Read(ref _learnedPeerAsn) is >= 0 and var learned ? (uint)learned : null);

    /// <summary>Why the last connection attempt failed (e.g. the peer's VRF device is missing); null once one succeeds.</summary>
    public string? LastError => _lastError;

    /// <summary>The UPDATE messages sent on the current connection so far.</summary>
    public long UpdatesSent { get; private set; }

    public void Start()
    {
        _loop ??= Task.Run(RunAsync);
        _events.Writer.TryWrite(StartRequested.Instance);
    }

    /// <summary>Replaces the routes this peer should hold; the loop sends only the difference.</summary>
    public void SetDesired(ImmutableDictionary<BgpPrefix, RouteEntry> desired)
    {
        _pending = desired.Count;
        _events.Writer.TryWrite(new DesiredChanged(desired));
    }

    /// <summary>Hands over a connection the peer opened to us.</summary>
    public void AcceptIncoming(Socket socket) => _events.Writer.TryWrite(new Incoming(socket));

    /// <summary>
    /// Ends the session cleanly: withdraws every route (when asked), then Cease / Administrative Shutdown with the message
    /// (RFC 8203), then closes.
    /// </summary>
    public Task ShutdownAsync(string message, bool withdraw, CancellationToken cancellationToken)
        => StopLoopAsync(message, withdraw, abrupt: false, cancellationToken);

    /// <summary>Drops the connection without a NOTIFICATION, as a crash would: graceful-restart peers keep our routes.</summary>
    public Task AbortAsync(CancellationToken cancellationToken) => StopLoopAsync(string.Empty, withdraw: false, abrupt: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }

        await CloseBfdAsync();
        await _timer.DisposeAsync();
        _metrics.Unregister(this);
    }

    private async Task StopLoopAsync(string message, bool withdraw, bool abrupt, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_events.Writer.TryWrite(new StopRequested(message, withdraw, done) { Abrupt = abrupt }))
        {
            await done.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task RunAsync()
    {
        await foreach (var e in _events.Reader.ReadAllAsync())
        {
            try
            {
                if (e is StopRequested stop)
                {
                    await StopAsync(stop);
                    stop.Done.TrySetResult();
                    _events.Writer.TryComplete();
                    break;
                }

                await HandleAsync(e);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                // The connection broke while we wrote to it.
                Log.ConnectionError(_logger, Config.PeerName, ex.Message);
                await ExecuteAsync(_fsm.ConnectionFailed(ex.Message));
            }

            Rearm();
        }

        await DropConnectionAsync();
        await DropContenderAsync();
        _connectAttempt?.Cancel();
        _state = BgpState.Idle;
    }

    private async Task HandleAsync(object e)
    {
        switch (e)
        {
            case StartRequested:
                await ExecuteAsync(_fsm.Start());
                break;
            case TimerFired:
                await ExecuteAsync(_fsm.OnTimer());
                break;
            case Connected c when c.Attempt == _attempt && _connection is null:
                _lastError = null;
                await UseConnectionAsync(StartConnection(c.Socket, incoming: false));
                break;
            case Connected c:
                c.Socket.Dispose();
                break;
            case ConnectFailed f when f.Attempt == _attempt && _connection is null:
                if (f.Persistent && f.Reason != _lastError)
                {
                    Log.PeerUnusable(_logger, Config.PeerName, f.Reason);
                }
                else
                {
                    Log.ConnectFailed(_logger, Config.PeerName, Config.PeerAddress, Config.PeerPort, f.Reason);
                }

                _lastError = f.Reason;
                await ExecuteAsync(_fsm.ConnectionFailed(f.Reason));
                break;
            case ConnectFailed:
                break;
            case Incoming i:
                await AcceptAsync(i.Socket);
                break;
            case MessageReceived m when m.Connection == _contender:
                await OnContenderMessageAsync(m.Type, m.Body);
                break;
            case ReadFailed r when r.Connection == _contender:
                await DropContenderAsync();
                break;
            case MessageReceived m when m.Connection == _connection:
                await ExecuteAsync(Dispatch(m.Type, m.Body));
                break;
            case ReadFailed r when r.Connection == _connection:
                if (r.Error is BgpProtocolException protocol)
                {
                    Log.ProtocolError(_logger, Config.PeerName, protocol.Code, protocol.Subcode, protocol.Message);
                    await ExecuteAsync(_fsm.ProtocolError(protocol));
                }
                else
                {
                    await ExecuteAsync(_fsm.ConnectionFailed(r.Error?.Message ?? "connection closed by peer"));
                }

                break;
            case BfdChanged b:
                await OnBfdChangedAsync(b);
                break;
            case BfdReconfigured:
                await ApplyBfdConfigAsync();
                break;
            case DesiredChanged d:
                _desired = d.Routes;
                if (_fsm.State == BgpState.Established)
                {
                    await SyncAsync(full: false);
                }
                else
                {
                    PlanInitialTable();
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Wraps a connected socket and starts reading it; its messages arrive on the loop tagged with it.</summary>
    private BgpConnection StartConnection(Socket socket, bool incoming)
    {
        var connection = new BgpConnection(socket, incoming);
        StartReader(connection);
        return connection;
    }

    private async Task UseConnectionAsync(BgpConnection connection)
    {
        if (connection.Incoming)
        {
            // A connect of ours still in flight is stale now.
            _attempt++;
        }

        _connection = connection;
        await EnsureBfdAsync(connection.LocalAddress);
        await ExecuteAsync(_fsm.ConnectionUp(connection.Incoming));
    }

    private List<BgpAction> Dispatch(BgpMessageType type, byte[] body)
    {
        try
        {
            switch (type)
            {
                case BgpMessageType.Open:
                    _metrics.OpenReceived(Config.MetricPeer);
                    var open = BgpOpenCodec.Parse(body);
                    return _fsm.OpenReceived(open);
                case BgpMessageType.Keepalive:
                    _metrics.KeepaliveReceived(Config.MetricPeer);
                    return _fsm.KeepaliveReceived();
                case BgpMessageType.Update:
                    _metrics.UpdateReceived(Config.MetricPeer);
                    if (_fsm.State == BgpState.Established)
                    {
                        // We import nothing; the UPDATE is validated so a malformed one gets its NOTIFICATION.
                        var update = BgpUpdateReader.Parse(body, PeerHasFourOctetAs, Config.IsInternal);
                        if (update.TreatAsWithdrawReason is { } reason)
                        {
                            Log.TreatAsWithdraw(_logger, Config.PeerName, reason);
                        }
                    }

                    return _fsm.UpdateReceived();
                case BgpMessageType.Notification:
                    _metrics.OtherReceived(Config.MetricPeer);
                    var notification = BgpNotificationCodec.Parse(body);
                    Log.NotificationReceived(_logger, Config.PeerName, notification.ToString());
                    return _fsm.NotificationReceived(notification);
                case BgpMessageType.RouteRefresh:
                    _metrics.OtherReceived(Config.MetricPeer);
                    return _fsm.RouteRefreshReceived();
                default:
                    _metrics.OtherReceived(Config.MetricPeer);
                    return [];
            }
        }
        catch (BgpProtocolException e)
        {
            Log.ProtocolError(_logger, Config.PeerName, e.Code, e.Subcode, e.Message);
            return _fsm.ProtocolError(e);
        }
    }

    private bool PeerHasFourOctetAs => _fsm.PeerOpen?.Capabilities.FourOctetAs is not null;

    private async Task ExecuteAsync(List<BgpAction> actions)
    {
        foreach (var action in actions)
        {
            switch (action.Kind)
            {
                case BgpActionKind.Connect:
                    BeginConnect();
                    break;
                case BgpActionKind.AbortConnect:
                    _attempt++;
                    _connectAttempt?.Cancel();
                    break;
                case BgpActionKind.SendOpen:
                    await SendOpenAsync();
                    break;
                case BgpActionKind.SendKeepalive:
                    await SendSmallAsync(static span => BgpMessageReader.WriteKeepalive(span));
                    _metrics.KeepaliveSent(Config.MetricPeer);
                    _fsm.MessageSent();
                    break;
                case BgpActionKind.SendNotification:
                    Log.NotificationSent(_logger, Config.PeerName, action.Code, action.Subcode, action.Reason ?? string.Empty);
                    await SendNotificationAsync(action.Code, action.Subcode, action.Data, null);
                    break;
                case BgpActionKind.CloseConnection:
                    await DropConnectionAsync();
                    break;
                case BgpActionKind.Established:
                    // Published before the initial table leaves: whoever sees one of its routes sees the session up.
                    Interlocked.Exchange(ref _learnedPeerAsn, _fsm.PeerAsn ?? -1L);
                    SetState(BgpState.Established);
                    Log.Established(_logger, Config.PeerName, Config.PeerAddress, Config.PeerPort, _fsm.PeerAsn ?? 0, _fsm.NegotiatedHoldTime.TotalSeconds);
                    await CloseContenderOnEstablishedAsync();
                    _sent.Clear();
                    UpdatesSent = 0;
                    await SyncAsync(full: true);
                    await SendEndOfRibAsync();
                    _restarted = false;
                    break;
                case BgpActionKind.ResendAll:
                    await SyncAsync(full: true);
                    break;
                case BgpActionKind.SessionDown:
                    if (_state == BgpState.Established)
                    {
                        Log.SessionDown(_logger, Config.PeerName, action.Reason ?? string.Empty);
                    }

                    _sent.Clear();
                    _announced = 0;
                    PlanInitialTable();
                    break;
                default:
                    break;
            }

            SetState(_fsm.State);
        }

        SetState(_fsm.State);
    }

    private void SetState(BgpState state)
    {
        if (_state != state)
        {
            _state = state;
            StateChanged?.Invoke(state);
        }
    }

    private void BeginConnect()
    {
        var attempt = ++_attempt;
        _connectAttempt?.Dispose();
        var cts = new CancellationTokenSource(s_connectTimeout, _time);
        _connectAttempt = cts;
        _ = Task.Run(async () =>
        {
            var socket = _network.Run(() => new Socket(Config.PeerAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
            try
            {
                ConfigureSocket(socket);

                // Bound to the VRF before the source address: the address then is looked up in the VRF.
                if (Config.Vrf is { } vrf && !VrfBinding.TryBind(socket, vrf, out var problem))
                {
                    socket.Dispose();
                    _events.Writer.TryWrite(new ConnectFailed(problem!, attempt) { Persistent = true });
                    return;
                }

                if (Config.SourceAddress is { } source)
                {
                    socket.Bind(new IPEndPoint(source, 0));
                }

                await socket.ConnectAsync(new IPEndPoint(Config.PeerAddress, Config.PeerPort), cts.Token);
                _events.Writer.TryWrite(new Connected(socket, attempt));
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException or PlatformNotSupportedException)
            {
                socket.Dispose();
                _events.Writer.TryWrite(new ConnectFailed(e is OperationCanceledException ? "connect timed out or was cancelled" : e.Message, attempt));
            }
        });
    }

    private void ConfigureSocket(Socket socket)
    {
        socket.NoDelay = true;

        // RFC 5082-style hop limits are not enforced on receive; on send a direct eBGP peer gets TTL 1 (MetalLB/FRR
        // default), multi-hop and iBGP 255.
        socket.Ttl = Config.Ttl;
        if (Config.Password is { Length: > 0 } password)
        {
            TcpMd5.SetKey(socket, Config.PeerAddress, password);
        }
    }

    private void StartReader(BgpConnection connection)
    {
        _ = Task.Run(async () =>
        {
            var reader = connection.Reader;
            try
            {
                while (true)
                {
                    var result = await reader.ReadAsync(connection.Closed.Token);
                    var buffer = result.Buffer;
                    try
                    {
                        while (BgpMessageReader.TryReadMessage(ref buffer, out var type, out var body))
                        {
                            _events.Writer.TryWrite(new MessageReceived(connection, type, body.ToArray()));
                        }
                    }
                    finally
                    {
                        reader.AdvanceTo(buffer.Start, buffer.End);
                    }

                    if (result.IsCompleted)
                    {
                        _events.Writer.TryWrite(new ReadFailed(connection, null));
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Our own close.
            }
            catch (Exception e) when (e is BgpProtocolException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                _events.Writer.TryWrite(new ReadFailed(connection, e));
            }
        });
    }

    private async Task SendOpenAsync()
    {
        var connection = _connection!;
        var id = _network.Run(() => RouterId.Choose(Config.RouterId, connection.LocalAddress, Config.NodeName));
        _fsm.LocalIdentifier = id;
        var families = new[] { BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast };
        var capabilities = new BgpCapabilities
        {
            Families = families,
            RouteRefresh = true,
            GracefulRestart = Config.GracefulRestart
                ? new GracefulRestartCapability(_restarted, Config.GracefulRestartTimeSeconds, families.Select(f => (f, true)).ToArray())
                : null,
        };
        var open = BgpOpenMessage.Create(Config.LocalAsn, Config.Timers.HoldTimeSeconds, id, capabilities);
        await SendSmallAsync(span => BgpOpenCodec.Write(span, open));
        _metrics.OpenSent(Config.MetricPeer);
    }

    private async Task SendNotificationAsync(BgpErrorCode code, byte subcode, byte[]? data, string? shutdownMessage)
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            await SendSmallAsync(span => shutdownMessage is null
                ? BgpNotificationCodec.Write(span, code, subcode, data)
                : BgpNotificationCodec.WriteShutdown(span, (CeaseSubcode)subcode, shutdownMessage));
            _metrics.NotificationSent(Config.MetricPeer);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort: the connection is closing anyway.
        }
    }

    private Task SendSmallAsync(Func<Memory<byte>, int> write)
        => WriteSmallAsync(_connection ?? throw new InvalidOperationException("no connection"), write);

    private static async Task WriteSmallAsync(BgpConnection connection, Func<Memory<byte>, int> write)
    {
        var writer = connection.Writer;
        var memory = writer.GetMemory(BgpMessageReader.MaxMessageLength);
        writer.Advance(write(memory));
        await writer.FlushAsync();
    }

    private Task SendSmallAsync(SpanWriter write) => SendSmallAsync(memory => write(memory.Span));

    private delegate int SpanWriter(Span<byte> destination);

    /// <summary>Sends what changed between what the peer holds and what it should hold (everything when full).</summary>
    private async Task SyncAsync(bool full)
    {
        var connection = _connection!;
        var peerOpen = _fsm.PeerOpen!;
        var peerFamilies = peerOpen.Capabilities.Families;

        // RFC 4760 §8: a peer without the multiprotocol capability speaks IPv4 unicast only.
        var ipv4 = peerFamilies.Count == 0 || peerFamilies.Contains(BgpFamily.IPv4Unicast);
        var ipv6 = peerFamilies.Contains(BgpFamily.IPv6Unicast);

        var plan = full && _sent.Count == 0 && _initialPlan is { } ready && ReferenceEquals(ready.Desired, _desired)
            ? ready.Plan
            : SyncPlan.Create(_sent, _desired, full, ipv4, ipv6);
        _initialPlan = null;
        var writer = connection.Writer;
        var messages = 0;
        if (plan.Withdraw.Length > 0)
        {
            messages += BgpUpdateWriter.WriteWithdrawals(writer, plan.Withdraw);
        }

        var local = connection.LocalAddress;
        var written = new List<SyncGroup>(plan.Announce.Count);
        foreach (var group in plan.Announce)
        {
            if (group.IsIPv6 ? !ipv6 : !ipv4)
            {
                continue;
            }

            var nextHop = _network.Run(() => NextHopFor(local, group.IsIPv6));
            if (nextHop is null)
            {
                Log.NoNextHop(_logger, Config.PeerName, group.IsIPv6 ? "IPv6" : "IPv4");
                continue;
            }

            messages += BgpUpdateWriter.WriteAnnouncements(writer, AttributesFor(group.Entry, nextHop), PeerHasFourOctetAs, group.Prefixes);
            written.Add(group);

            // Flush in ~1 MB chunks so a large table streams rather than buffering whole.
            if (writer.UnflushedBytes > 1 << 20)
            {
                await writer.FlushAsync();
            }
        }

        if (messages > 0)
        {
            await writer.FlushAsync();
        }

        // What the peer holds is recorded once the UPDATEs are on their way, not before: bookkeeping stays off the wire's path.
        Forget(_sent, plan.Withdraw);
        foreach (var group in written)
        {
            Remember(_sent, group);
        }

        Log.Synced(_logger, Config.PeerName, messages, written.Sum(g => g.Prefixes.Length), plan.Withdraw.Length);
        if (messages > 0)
        {
            UpdatesSent += messages;
            _metrics.UpdatesSent(Config.MetricPeer, messages);
            _fsm.MessageSent();
        }

        _announced = _sent.Count;
    }

    private void PlanInitialTable()
    {
        if (_initialPlan is not { } ready || !ReferenceEquals(ready.Desired, _desired))
        {
            _initialPlan = (_desired, SyncPlan.Create(s_nothingSent, _desired, full: true, ipv4: true, ipv6: true));
        }
    }

    // Optimized from the first call, like SyncPlan.Create: these loops see a whole table once per session.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Remember(Dictionary<BgpPrefix, RouteEntry> sent, SyncGroup group)
    {
        sent.EnsureCapacity(sent.Count + group.Prefixes.Length);
        foreach (var p in group.Prefixes)
        {
            sent[p] = group.Entry;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forget(Dictionary<BgpPrefix, RouteEntry> sent, BgpPrefix[] withdrawn)
    {
        foreach (var p in withdrawn)
        {
            sent.Remove(p);
        }
    }

    private async Task SendEndOfRibAsync()
    {
        // RFC 4724 §2: after the initial table, End-of-RIB per family; a graceful-restart peer then drops stale routes.
        await SendSmallAsync(static span => BgpUpdateWriter.WriteEndOfRib(span, BgpFamily.IPv4Unicast));
        if (_fsm.PeerOpen!.Capabilities.Families.Contains(BgpFamily.IPv6Unicast))
        {
            await SendSmallAsync(static span => BgpUpdateWriter.WriteEndOfRib(span, BgpFamily.IPv6Unicast));
        }
    }

    private RouteAttributes AttributesFor(RouteEntry entry, IPAddress nextHop)
    {
        var standard = new List<uint>();
        var large = new List<LargeCommunity>();
        foreach (var c in entry.Communities)
        {
            if (c.IsLarge)
            {
                large.Add(new LargeCommunity(c.GlobalAdministrator, c.LocalData1, c.LocalData2));
            }
            else
            {
                standard.Add(c.GlobalAdministrator);
            }
        }

        return new RouteAttributes
        {
            // RFC 4271 §5.1.2: empty for iBGP, our AS for eBGP.
            AsPath = Config.IsInternal ? [] : [Config.LocalAsn],
            NextHop = nextHop,

            // RFC 4271 §5.1.5: LOCAL_PREF only inside the AS; unset means the customary default 100 (FRR's behaviour;
            // MetalLB's native speaker would send 0, the least preferred value).
            LocalPref = Config.IsInternal ? (entry.LocalPref == 0 ? 100u : entry.LocalPref) : null,
            Communities = standard,
            LargeCommunities = large,
        };
    }

    /// <summary>
    /// NEXT_HOP is our end of the TCP connection (MetalLB). For the other family: an address of that family on the same
    /// interface; for IPv6 over an IPv4 session, failing that, the IPv4-mapped form of our address.
    /// </summary>
    private static IPAddress? NextHopFor(IPAddress local, bool isIPv6)
    {
        if (local.IsIPv4MappedToIPv6)
        {
            local = local.MapToIPv4();
        }

        var localIsIPv6 = local.AddressFamily == AddressFamily.InterNetworkV6;
        if (localIsIPv6 == isIPv6)
        {
            return local;
        }

        var other = RouterId.FindOnSameInterface(local, isIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        if (other is not null && !IPAddress.IsLoopback(other))
        {
            return other;
        }

        return isIPv6 ? local.MapToIPv6() : null;
    }

    private async Task StopAsync(StopRequested stop)
    {
        if (stop.Abrupt)
        {
            await DropConnectionAsync();
            return;
        }

        if (_fsm.State == BgpState.Established && stop.Withdraw && _sent.Count > 0)
        {
            try
            {
                _desired = ImmutableDictionary<BgpPrefix, RouteEntry>.Empty;
                await SyncAsync(full: false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                Log.ConnectionError(_logger, Config.PeerName, e.Message);
            }
        }

        foreach (var action in _fsm.Stop(CeaseSubcode.AdministrativeShutdown, stop.Message))
        {
            if (action.Kind == BgpActionKind.SendNotification)
            {
                // RFC 8203: Cease / Administrative Shutdown carrying the operator's message.
                await SendNotificationAsync(BgpErrorCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown, null, stop.Message);
            }
        }

        await DropConnectionAsync();
        await CloseBfdAsync();
        SetState(BgpState.Idle);
    }

    private async Task DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private void Rearm() => DeadlineTimer.Arm(_timer, _fsm.NextDeadline, _time);

    private sealed class StartRequested
    {
        public static readonly StartRequested Instance = new();
    }

    private sealed class TimerFired
    {
        public static readonly TimerFired Instance = new();
    }

    private sealed record Connected(Socket Socket, int Attempt);

    private sealed record ConnectFailed(string Reason, int Attempt)
    {
        /// <summary>A failure of this node's configuration (a missing VRF device), not of the network: logged as a
        /// warning, once until it changes.</summary>
        public bool Persistent { get; init; }
    }

    private sealed record Incoming(Socket Socket);

    private sealed record MessageReceived(BgpConnection Connection, BgpMessageType Type, byte[] Body);

    private sealed record ReadFailed(BgpConnection Connection, Exception? Error);

    private sealed record DesiredChanged(ImmutableDictionary<BgpPrefix, RouteEntry> Routes);

    private sealed record StopRequested(string Message, bool Withdraw, TaskCompletionSource Done)
    {
        public bool Abrupt { get; init; }
    }
}
