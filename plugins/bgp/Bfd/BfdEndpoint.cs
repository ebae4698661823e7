using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.Bgp.Transport;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>
/// The BFD transport (RFC 5881 single hop on UDP 3784, RFC 5883 multihop on UDP 4784): receive sockets, bound lazily per
/// family and port, demultiplex packets to the <see cref="BfdSession"/>s opened here. Sockets are created through the
/// <see cref="INetworkScope"/>, so they live in its network namespace.
/// </summary>
/// <remarks>
/// <see cref="Open"/> may be called from any thread. Receive loops run on the thread pool and never end on bad input: a
/// malformed, unmatched or wrongly-TTL'd datagram is dropped with a Debug log line.
/// </remarks>
internal sealed partial class BfdEndpoint : IAsyncDisposable
{
    public const int SingleHopPort = 3784;
    public const int MultihopPort = 4784;

    /// <summary>RFC 5881 §5: single-hop packets are sent, and must arrive, with TTL / hop limit 255 (GTSM, RFC 5082).</summary>
    public const byte SingleHopTtl = 255;

    // RFC 5881 §4: the source port is in 49152-65535 and stays the same for the session's lifetime.
    private const int SourcePortMin = 49152;
    private const int SourcePortMax = 65535;
    private const int BindAttempts = 64;

    private readonly INetworkScope _network;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<(AddressFamily Family, bool Multihop), BfdListener> _listeners = [];
    private readonly ConcurrentDictionary<uint, BfdSession> _byDiscriminator = new();
    private readonly ConcurrentDictionary<(IPAddress Peer, bool Multihop), BfdSession> _byPeer = new();
    private bool _disposed;

    private BfdEndpoint(INetworkScope network, TimeProvider time, ILoggerFactory loggers)
    {
        _network = network;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<BfdEndpoint>();
    }

    public static BfdEndpoint Create(INetworkScope network, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        return new BfdEndpoint(network, time, loggers);
    }

    /// <summary>The open sessions.</summary>
    public IReadOnlyCollection<BfdSession> Sessions => [.. _byDiscriminator.Values];

    /// <summary>
    /// Opens a session to <paramref name="peer"/>, sending from <paramref name="local"/> (which must be an address of the
    /// network scope). At most one session per peer address and hop mode.
    /// </summary>
    /// <param name="peer">The peer's address.</param>
    /// <param name="local">Our source address.</param>
    /// <param name="multihop">RFC 5883 (port 4784, minimum TTL) rather than RFC 5881 (port 3784, TTL 255).</param>
    /// <param name="settings">Timers and role.</param>
    /// <param name="onStateChanged">Called on every state change, on the session's loop (see <see cref="BfdSession"/>).</param>
    public BfdSession Open(IPAddress peer, IPAddress local, bool multihop, BfdSettings settings, Action<BfdState, BfdDiagnostic> onStateChanged)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(onStateChanged);
        peer = Unmap(peer);
        local = Unmap(local);
        if (peer.AddressFamily != local.AddressFamily)
        {
            throw new ArgumentException($"peer {peer} and local address {local} are of different families", nameof(local));
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byPeer.ContainsKey((peer, multihop)))
            {
                throw new InvalidOperationException($"a {(multihop ? "multihop" : "single-hop")} BFD session to {peer} is open already");
            }

            EnsureListener(peer.AddressFamily, multihop);
            var socket = _network.Run(() => OpenTransmitSocket(local));
            var options = new BfdSessionOptions(peer, local, multihop, settings, NewDiscriminator());
            var session = new BfdSession(options, socket, _time, _loggers.CreateLogger<BfdSession>(), onStateChanged, Closed);
            _byDiscriminator[options.LocalDiscriminator] = session;
            _byPeer[(peer, multihop)] = session;
            session.Start();
            return session;
        }
    }

    /// <summary>Disposes every session still open (each sends AdminDown), then closes the receive sockets.</summary>
    public async ValueTask DisposeAsync()
    {
        BfdListener[] listeners;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            listeners = [.. _listeners.Values];
            _listeners.Clear();
        }

        await Task.WhenAll(_byDiscriminator.Values.Select(s => s.DisposeAsync().AsTask()));
        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }
    }

    private void EnsureListener(AddressFamily family, bool multihop)
    {
        if (!_listeners.ContainsKey((family, multihop)))
        {
            var port = multihop ? MultihopPort : SingleHopPort;
            _listeners[(family, multihop)] = _network.Run(() => BfdListener.Open(family, port, d => Handle(d, multihop), _time, _logger));
        }
    }

    private static Socket OpenTransmitSocket(IPAddress local)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Multihop packets carry 255 too: the receiver's minimum TTL then bounds the hops (RFC 5883 §5).
            socket.Ttl = SingleHopTtl;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    socket.Bind(new IPEndPoint(local, Random.Shared.Next(SourcePortMin, SourcePortMax + 1)));
                    return socket;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < BindAttempts)
                {
                    // Taken; try another port of the range.
                }
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // RFC 5880 §6.8.1: a nonzero discriminator, unique among our sessions; random so that a restarted speaker does not
    // reuse the one a peer may still hold.
    private uint NewDiscriminator()
    {
        while (true)
        {
            var candidate = (uint)Random.Shared.NextInt64(1, (long)uint.MaxValue + 1);
            if (!_byDiscriminator.ContainsKey(candidate))
            {
                return candidate;
            }
        }
    }

    private void Closed(BfdSession session)
    {
        _byDiscriminator.TryRemove(new KeyValuePair<uint, BfdSession>(session.LocalDiscriminator, session));
        _byPeer.TryRemove(new KeyValuePair<(IPAddress, bool), BfdSession>((session.Peer, session.Multihop), session));
    }

    private void Handle(ReceivedDatagram datagram, bool multihop)
    {
        var port = multihop ? MultihopPort : SingleHopPort;
        try
        {
            if (Route(datagram, multihop) is { } reason)
            {
                Log.Dropped(_logger, datagram.Source, port, datagram.Ttl, reason);
            }
        }
        catch (Exception e)
        {
            // The receive loop must outlive any datagram.
            Log.Dropped(_logger, datagram.Source, port, datagram.Ttl, e.Message);
        }
    }

    /// <summary>Delivers the datagram to its session; otherwise says why it was dropped.</summary>
    private string? Route(ReceivedDatagram datagram, bool multihop)
    {
        if (datagram.Source is not { } source || datagram.Truncated)
        {
            return "no source address or oversized";
        }

        if (!BfdControlPacket.TryParse(datagram.Payload.Span, out var packet, out var reason))
        {
            return reason;
        }

        // RFC 5880 §6.8.6: by Your Discriminator when set, else by source address (RFC 5881 §3 / RFC 5883 §3).
        var found = packet.YourDiscriminator != 0
            ? _byDiscriminator.TryGetValue(packet.YourDiscriminator, out var session)
            : _byPeer.TryGetValue((source, multihop), out session);
        if (!found || session is null)
        {
            return packet.YourDiscriminator != 0 ? $"no session with discriminator {packet.YourDiscriminator}" : "no session for this address";
        }

        if (session.Multihop != multihop || !session.Peer.Equals(source))
        {
            return $"discriminator {packet.YourDiscriminator} belongs to the session with {session.Peer}";
        }

        // GTSM. RFC 5881 §5: a single-hop packet that crossed a router (or was forged off-link) arrives below 255.
        // RFC 5883 §5: a multihop session accepts only packets that crossed at most 255 - MinimumTtl routers.
        var minimum = multihop ? session.Settings.MinimumTtl : SingleHopTtl;
        if (datagram.Ttl < minimum)
        {
            WarnIfTtlKeepsSessionDown(session, datagram.Ttl, minimum);
            return multihop ? $"TTL {datagram.Ttl} below the session's minimum {minimum}" : $"TTL {datagram.Ttl} on a single-hop packet, {SingleHopTtl} required";
        }

        session.Deliver(packet);
        return null;
    }

    /// <summary>
    /// A peer whose every packet fails the TTL check is a configuration mismatch, not an attack: the session can never
    /// come up, and a Debug line would leave the operator guessing. Said once per session while it is not Up.
    /// </summary>
    private void WarnIfTtlKeepsSessionDown(BfdSession session, int ttl, byte minimum)
    {
        if (session.State == BfdState.Up || !session.ClaimTtlWarning())
        {
            return;
        }

        var advice = session.Multihop
            ? $"lower minimumTtl in the peer's BFDProfile to {Math.Max(ttl, 1)} or below (BIRD 2.0, for one, sends multihop BFD with TTL 64)"
            : "a directly connected peer sends TTL 255 (RFC 5881 §5); for a peer behind a router set ebgpMultiHop on the BGPPeer, which runs BFD multihop";
        Log.TtlKeepsSessionDown(_logger, session.Peer, session.Multihop ? "multihop" : "single hop", ttl, minimum, advice);
    }

    private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
