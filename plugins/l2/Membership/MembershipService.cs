using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.L2.Membership.Wire;
using Ingot.Plugins.L2.Responding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.L2.Membership;

/// <summary>
/// The shell around <see cref="MembershipCore"/>: one UDP socket receiving heartbeats, one connected socket per peer
/// sending them (so ICMP port-unreachable is seen), and a timer loop that ticks the core every interval and refreshes it
/// at its next deadline. Every core call happens under <c>_gate</c>; <see cref="Changed"/> is raised outside it, by one
/// <see cref="ChangeDispatcher{T}"/> thread, so handlers never overlap and always see the newest snapshot.
/// Sockets are made on the caller's thread (construction and <see cref="SetPeers"/>), so they live in the caller's
/// network namespace.
/// </summary>
internal sealed class MembershipService : IMembership
{
    // A send error is logged once per this many, so a peer that is down does not flood the log every interval.
    private const int SendErrorLogEvery = 100;

    private readonly MembershipOptions _options;
    private readonly MembershipKey _key;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MembershipMetrics _metrics;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, PeerLink> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IPAddress> _peers = new(StringComparer.Ordinal);
    private MembershipCore? _core;
    private Task? _timerLoop;
    private readonly Task _receiveLoop;
    private readonly ChangeDispatcher<MembershipSnapshot> _changes;
    private long _sendErrors;
    private int _warnedFallback;
    private bool _left;
    private bool _linkDown;
    private int _disposed;

    private readonly int _realtimePriority;

    // realtimePriority: SCHED_FIFO priority of the receive and heartbeat threads (the l2 plugin's realtimePriority; 0
    // leaves them ordinary). Detection is 300 ms by default: a heartbeat thread queued that long behind a busy node's
    // other work (or the thread pool's) makes its peers declare it dead, so these two short loops run on threads of their
    // own, ahead of ordinary ones, as the ARP responders do. Re-elections run on the dispatch thread, not these.
    public MembershipService(MembershipOptions options, MembershipKey key, MembershipMetrics metrics, TimeProvider? time = null, ILogger? logger = null, int realtimePriority = 0)
    {
        _realtimePriority = realtimePriority;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options;
        _key = key;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _socket = new Socket(options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6 && options.BindAddress.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }

            _socket.Bind(new IPEndPoint(options.BindAddress, options.Port));
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new InvalidOperationException(
                $"l2: setting '{MembershipOptions.PortKey}': cannot listen on UDP {options.BindAddress}:{options.Port}: {e.Message}", e);
        }

        _changes = new ChangeDispatcher<MembershipSnapshot>(() => Current, Deliver, "ingot-l2-membership");
        MembershipLog.Listening(_logger, _socket.LocalEndPoint?.ToString() ?? string.Empty);
        _receiveLoop = Dedicated("ingot-l2-membership-rx", ReceiveLoop);
    }

    public event Action<MembershipSnapshot>? Changed;

    public MembershipSnapshot Current => Volatile.Read(ref _core)?.Current ?? Starting;

    /// <summary>The local endpoint of the receiving socket (the port, when <see cref="MembershipOptions.Port"/> was 0 in a test).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    // Before the first SetPeers nothing is known: active with no members, not fenced, so answers are not withheld.
    private static MembershipSnapshot Starting { get; } = new() { Mode = MembershipMode.Active };

    public bool MayAnswer() => Volatile.Read(ref _core)?.MayAnswer() ?? true;

    public void SetPeers(string self, IReadOnlyDictionary<string, IPAddress> peers)
    {
        ArgumentException.ThrowIfNullOrEmpty(self);
        ArgumentNullException.ThrowIfNull(peers);
        IReadOnlyDictionary<string, IPAddress> wanted = _options.Peers ?? peers;
        bool changed;
        lock (_gate)
        {
            if (_core is null)
            {
                var core = new MembershipCore(self, MembershipCore.NewIncarnation(_time, Random.Shared), MembershipCoreSettings.From(_options), _time, Random.Shared);
                core.SetLinkDown(_linkDown);
                Volatile.Write(ref _core, core);
            }

            if (SamePeers(wanted, self))
            {
                return;
            }

            foreach (var (node, link) in _links.ToArray())
            {
                if (!wanted.TryGetValue(node, out var address) || !address.Equals(link.Endpoint.Address))
                {
                    link.Dispose();
                    _links.Remove(node);
                }
            }

            _peers.Clear();
            foreach (var (node, address) in wanted)
            {
                if (string.Equals(node, self, StringComparison.Ordinal))
                {
                    continue;
                }

                _peers[node] = address;
                if (!_links.ContainsKey(node))
                {
                    var link = new PeerLink(node, new IPEndPoint(address, _options.Port));
                    _links[node] = link;
                    _ = Task.Run(() => WatchLinkAsync(link));
                }
            }

            _core.SetPeers(_peers.Keys);
            changed = _core.Refresh();
            _timerLoop ??= Dedicated("ingot-l2-membership-tick", TimerLoop);
        }

        if (changed)
        {
            Raise();
        }
    }

    public void SetLinkDown(bool down)
    {
        IReadOnlyList<Outgoing> outgoing;
        bool changed;
        lock (_gate)
        {
            if (_linkDown == down)
            {
                return;
            }

            _linkDown = down;
            if (_core is null || _left)
            {
                return;
            }

            _core.SetLinkDown(down);
            changed = _core.Refresh();

            // An extra round now: the peers re-elect on this message instead of on the next interval's.
            outgoing = _core.Tick();
        }

        foreach (var o in outgoing)
        {
            Send(o);
        }

        if (changed)
        {
            Raise();
        }
    }

    public async ValueTask LeaveAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Outgoing> leaving;
        lock (_gate)
        {
            if (_core is null || _left)
            {
                return;
            }

            _left = true;
            leaving = _core.Leave();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var outgoing in leaving)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Send(outgoing);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _changes.Dispose();
        _socket.Dispose();
        lock (_gate)
        {
            foreach (var link in _links.Values)
            {
                link.Dispose();
            }

            _links.Clear();
        }

        try
        {
            Task.WaitAll([_receiveLoop, _timerLoop ?? Task.CompletedTask], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loops catch everything themselves; a cancellation surfacing here is the stop itself.
        }

        _stop.Dispose();
    }

    private bool SamePeers(IReadOnlyDictionary<string, IPAddress> wanted, string self)
    {
        var count = 0;
        foreach (var (node, address) in wanted)
        {
            if (string.Equals(node, self, StringComparison.Ordinal))
            {
                continue;
            }

            count++;
            if (!_peers.TryGetValue(node, out var known) || !known.Equals(address))
            {
                return false;
            }
        }

        return count == _peers.Count && _links.Count == count;
    }

    /// <summary>Runs <paramref name="loop"/> on a thread of its own (real-time when allowed); the task ends with it.</summary>
    private Task Dedicated(string name, Action loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (_realtimePriority > 0)
                {
                    RealtimeScheduling.TryEnterForCurrentThread(_realtimePriority);
                }

                loop();
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private void ReceiveLoop()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MembershipCodec.MaxDatagram);
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int received;
                try
                {
                    // Blocking: disposing the socket at stop ends the wait.
                    received = _socket.ReceiveFrom(buffer, 0, MembershipCodec.MaxDatagram, SocketFlags.None, ref any);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
                {
                    // A truncated datagram or a stray ICMP error: nothing to learn from it, keep listening.
                    continue;
                }
                catch (SocketException e)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }

                    MembershipLog.ReceiveFailed(_logger, e.Message);
                    _stop.Token.WaitHandle.WaitOne(_options.Interval);
                    continue;
                }

                Accept(buffer.AsSpan(0, received));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Accept(ReadOnlySpan<byte> datagram)
    {
        var status = MembershipCodec.TryDecode(datagram, _key, out var message);
        if (status != DecodeStatus.Ok || message is null)
        {
            _metrics.Dropped(status == DecodeStatus.Ok ? DecodeStatus.Malformed : status);
            return;
        }

        bool changed;
        lock (_gate)
        {
            if (_core is null || _left)
            {
                return;
            }

            var outcome = _core.Receive(message);
            if (outcome != ReceiveOutcome.Accepted)
            {
                _metrics.Dropped(outcome);
                return;
            }

            _metrics.Received();
            changed = _core.Refresh();
        }

        if (changed)
        {
            Raise();
        }
    }

    // Linux queues an ICMP port-unreachable on the connected socket and fails the pending receive with ECONNREFUSED.
    private async Task WatchLinkAsync(PeerLink link)
    {
        var buffer = new byte[64];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // Peers send to the listening port, not to this ephemeral one: anything arriving here is discarded.
                await link.Socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                Unreachable(link.Node);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                if (link.Socket.SafeHandle.IsClosed)
                {
                    return;
                }

                await Task.Delay(_options.Interval, _time, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    private void Unreachable(string node)
    {
        bool changed;
        lock (_gate)
        {
            if (_core is null || _left || !_peers.ContainsKey(node))
            {
                return;
            }

            _core.Unreachable(node);
            changed = _core.Refresh();
        }

        if (changed)
        {
            Raise();
        }
    }

    private void TimerLoop()
    {
        var nextTick = TimeSpan.Zero;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                IReadOnlyList<Outgoing> outgoing = [];
                bool changed;
                TimeSpan wait;
                lock (_gate)
                {
                    var core = _core!;
                    var now = core.Now;
                    if (now >= nextTick)
                    {
                        outgoing = core.Tick();
                        nextTick = now + _options.Interval;
                    }

                    changed = core.Refresh();
                    var deadline = core.NextDeadline;
                    var next = deadline > now && deadline < nextTick ? deadline : nextTick;
                    wait = next - now;
                }

                foreach (var o in outgoing)
                {
                    Send(o);
                }

                if (changed)
                {
                    Raise();
                }

                if (wait > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(wait))
                {
                    return;
                }
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Send(Outgoing outgoing)
    {
        PeerLink? link;
        lock (_gate)
        {
            _links.TryGetValue(outgoing.Destination, out link);
        }

        if (link is null)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MembershipCodec.MaxDatagram);
        try
        {
            var length = MembershipCodec.Encode(outgoing.Message, _key, buffer.AsSpan(0, MembershipCodec.MaxDatagram));
            link.Socket.Send(buffer.AsSpan(0, length), SocketFlags.None);
            _metrics.Sent();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // The ICMP error of an earlier datagram, reported on this send instead of the pending receive.
            Unreachable(link.Node);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            _metrics.SendError();
            var count = Interlocked.Increment(ref _sendErrors);
            if (count % SendErrorLogEvery == 1)
            {
                MembershipLog.SendFailed(_logger, link.Node, link.Endpoint.ToString(), e.Message, count);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Called from any thread; the dispatcher delivers the newest snapshot on its own.
    private void Raise() => _changes.Signal();

    private void Deliver(MembershipSnapshot snapshot)
    {
        _metrics.Publish(snapshot);
        if (snapshot.Mode == MembershipMode.Fallback && Interlocked.Exchange(ref _warnedFallback, 1) == 0)
        {
            MembershipLog.Fallback(_logger, _options.Port);
        }

        try
        {
            Changed?.Invoke(snapshot);
        }
        catch (Exception e)
        {
            // A subscriber's bug must not stop heartbeats.
            MembershipLog.ReceiveFailed(_logger, "a Changed handler threw: " + e.Message);
        }
    }
}
