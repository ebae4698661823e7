using System.Collections.Immutable;
using System.Net;
using Ingot.Plugins.Bgp.Bfd;
using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Planning;
using Ingot.Plugins.Bgp.Transport;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp;

/// <summary>
/// The <c>bgp</c> announcer: <see cref="Plan"/> is MetalLB's election; <see cref="ApplyAsync"/> keeps one native BGP
/// session per BGPPeer selecting this node and hands each the prefixes the plan gives it.
/// </summary>
internal sealed partial class BgpAnnouncer : IAnnouncer, IAsyncDisposable
{
    private readonly BgpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly BgpMetrics _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, BgpSession> _sessions = new(StringComparer.Ordinal);
    private BgpListener? _listener;
    private bool _listenerTried;
    private readonly Lock _bfdLock = new();
    private BfdEndpoint? _bfd;

    public BgpAnnouncer(BgpOptions options, TimeProvider time, ILoggerFactory loggers, BgpMetrics metrics)
    {
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<BgpAnnouncer>();
        _metrics = metrics;
    }

    public string Name => BgpPlanner.Protocol;

    /// <summary>The running sessions by BGPPeer name (tests, diagnostics).</summary>
    internal IReadOnlyDictionary<string, BgpSession> Sessions => _sessions;

    /// <summary>The BFD sockets every session with a BFDProfile shares, opened by the first such session's loop.</summary>
    private BfdEndpoint OpenBfd()
    {
        lock (_bfdLock)
        {
            return _bfd ??= BfdEndpoint.Create(_options.Network, _time, _loggers);
        }
    }

    /// <summary>Where the passive listener is bound, when it is.</summary>
    internal IPEndPoint? ListenEndPoint => _listener?.LocalEndPoint;

    public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation) => BgpPlanner.Plan(state, allocation);

    public async ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            EnsureListener();
            var node = state.FindNode(nodeName) ?? new NodeInfo { Name = nodeName };
            var wanted = new Dictionary<string, BgpSessionConfig>(StringComparer.Ordinal);
            foreach (var peer in state.Configuration.Peers.Values.Where(p => p.SelectsNode(node)))
            {
                if (BgpSessionConfig.From(peer, nodeName, state.Configuration.BfdProfiles) is { } config)
                {
                    wanted[peer.Name] = config with { ActiveConnect = true };
                }
                else
                {
                    Log.PeerUnsupported(_logger, peer.Name);
                }
            }

            // Sessions are kept across configuration changes only when their configuration is unchanged (MetalLB), or
            // when just its BFDProfile changed, which BFD takes live.
            foreach (var (name, session) in _sessions.ToList())
            {
                if (!wanted.TryGetValue(name, out var config) || !session.TryReconfigure(config))
                {
                    _sessions.Remove(name);
                    await session.ShutdownAsync("peer configuration changed", withdraw: false, cancellationToken);
                    await session.DisposeAsync();
                }
            }

            var routes = DesiredRoutes(plan, nodeName);
            foreach (var (name, config) in wanted)
            {
                if (!_sessions.TryGetValue(name, out var session))
                {
                    session = new BgpSession(config, _time, _loggers.CreateLogger<BgpSession>(), _metrics, _options.Network, OpenBfd);
                    _sessions[name] = session;
                    if (config.Password is { Length: > 0 } password && _listener is not null)
                    {
                        _listener.SetPassword(config.PeerAddress, password);
                    }

                    session.Start();
                }

                session.SetDesired(routes.TryGetValue(name, out var r) ? r : ImmutableDictionary<BgpPrefix, RouteEntry>.Empty);
            }

            // Only announcements to peers this node has a session with are announced from here.
            _metrics.SetAnnounced(nodeName, plan.ForNode(nodeName)
                .Where(x => x.Announcement.Peer is { } peer && wanted.ContainsKey(peer))
                .SelectMany(x => x.Announcement.Addresses.Select(a => (x.Service.Service.ToString(), a.ToString()))));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask WithdrawAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _metrics.SetAnnounced(string.Empty, []);
            await Task.WhenAll(_sessions.Values.Select(s => s.ShutdownAsync(_options.ShutdownMessage, withdraw: true, cancellationToken)));
            foreach (var session in _sessions.Values)
            {
                await session.DisposeAsync();
            }

            _sessions.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.DisposeAsync();
        }

        _sessions.Clear();
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        if (_bfd is not null)
        {
            await _bfd.DisposeAsync();
        }

        _gate.Dispose();
    }

    /// <summary>Per BGPPeer: prefix → LOCAL_PREF and communities, merged across Services (communities unioned, first
    /// LOCAL_PREF wins), from this node's announcements.</summary>
    internal static Dictionary<string, ImmutableDictionary<BgpPrefix, RouteEntry>> DesiredRoutes(AnnouncementPlan plan, string nodeName)
    {
        var perPeer = new Dictionary<string, Dictionary<BgpPrefix, (uint LocalPref, SortedSet<BgpCommunity> Communities)>>(StringComparer.Ordinal);
        foreach (var (_, a) in plan.ForNode(nodeName))
        {
            if (a.Peer is null || a.Prefix is null)
            {
                continue;
            }

            if (!perPeer.TryGetValue(a.Peer, out var prefixes))
            {
                perPeer[a.Peer] = prefixes = [];
            }

            var prefix = BgpPrefix.Parse(a.Prefix);
            if (!prefixes.TryGetValue(prefix, out var entry))
            {
                entry = (a.LocalPref ?? 0, []);
                prefixes[prefix] = entry;
            }

            foreach (var text in a.Communities)
            {
                if (BgpCommunity.TryParse(text, out var community, out _))
                {
                    entry.Communities.Add(community);
                }
            }
        }

        return perPeer.ToDictionary(
            p => p.Key,
            p => p.Value.ToImmutableDictionary(e => e.Key, e => new RouteEntry(e.Value.LocalPref, [.. e.Value.Communities])),
            StringComparer.Ordinal);
    }

    private void EnsureListener()
    {
        if (_listenerTried || _options.ListenPort == 0)
        {
            return;
        }

        _listenerTried = true;
        try
        {
            _listener = _options.Network.Run(() => new BgpListener(new IPEndPoint(IPAddress.Parse(_options.ListenAddress), _options.ListenPort), FindByAddress));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // Active sessions still work; peers that only dial us will not.
            Log.ListenFailed(_logger, _options.ListenAddress, _options.ListenPort, e.Message);
        }
    }

    private BgpSession? FindByAddress(IPAddress address)
    {
        // Called from the listener's loop; the dictionary is only replaced under the gate, so read a snapshot.
        foreach (var session in _sessions.Values.ToArray())
        {
            if (session.Config.PeerAddress.Equals(address))
            {
                return session;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "BGPPeer {Peer} has no spec.peerAddress: the native speaker does not peer unnumbered over spec.interface yet; skipped")]
        public static partial void PeerUnsupported(ILogger logger, string peer);

        [LoggerMessage(21, LogLevel.Warning, "BGP cannot listen on {Address} port {Port}: {Reason}; only outgoing sessions will work")]
        public static partial void ListenFailed(ILogger logger, string address, int port, string reason);
    }
}
