using System.Net;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Plugins.L2.Membership;
using Ingot.Plugins.L2.Responding;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.L2.Announcing;

/// <summary>
/// This node's layer 2 I/O state: which addresses it announces, on which interfaces, the responders answering for them,
/// gratuitous bursts and the optional periodic refresh. Interfaces are rescanned every 10 s (as MetalLB does) and on every
/// update, so interfaces that appear, disappear or go down need no restart.
/// </summary>
internal sealed class L2Speaker : IDisposable
{
    public static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(10);

    private readonly ILinkScanner _scanner;
    private readonly IResponderFactory _factory;
    private readonly InterfaceSelector _selector;
    private readonly L2Metrics _metrics;
    private readonly IMembership _membership;
    private readonly ILogger _logger;
    private readonly GratuitousScheduler _gratuitous;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IInterfaceResponder> _responders = new(StringComparer.Ordinal);
    private readonly ITimer _rescanTimer;
    private readonly ITimer? _refreshTimer;
    private volatile IReadOnlyDictionary<IPAddress, AnnouncedAddress> _addresses = new Dictionary<IPAddress, AnnouncedAddress>();

    // address → interfaces it is announced on now; read by gratuitous sends without the lock.
    private volatile IReadOnlyDictionary<IPAddress, IReadOnlyList<IInterfaceResponder>> _placement =
        new Dictionary<IPAddress, IReadOnlyList<IInterfaceResponder>>();

    private string _node = string.Empty;
    private bool _disposed;

    public L2Speaker(ILinkScanner scanner, IResponderFactory factory, L2Options options, L2Metrics metrics, IMembership membership, TimeProvider time, ILogger<L2Speaker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _scanner = scanner;
        _factory = factory;
        _selector = new InterfaceSelector(options.ExcludeInterfaces);
        _metrics = metrics;
        _membership = membership;
        _logger = logger;
        _gratuitous = new GratuitousScheduler(time, SendRound);
        _rescanTimer = time.CreateTimer(_ => Rescan(), null, RescanInterval, RescanInterval);
        if (options.RefreshInterval > TimeSpan.Zero)
        {
            _refreshTimer = time.CreateTimer(_ => Refresh(), null, options.RefreshInterval, options.RefreshInterval);
        }
    }

    /// <summary>The interfaces that have a responder now (for tests and logs).</summary>
    public IReadOnlyCollection<string> ActiveInterfaces
    {
        get
        {
            lock (_gate)
            {
                return _responders.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>Whether this node announces any address now.</summary>
    public bool Announces => _addresses.Count > 0;

    /// <summary>Starts a gratuitous burst for every address announced now (after a fenced spell ends).</summary>
    public void Reannounce()
    {
        foreach (var address in _placement.Keys)
        {
            _gratuitous.Trigger(address);
        }
    }

    /// <summary>The interfaces this node would announce on (see <see cref="LinkEligibility"/>), and whether every one of
    /// them is down by the kernel's latest report.</summary>
    public (bool Down, IReadOnlyList<string> Announcing) LinkState(bool anyAllInterfaces, IReadOnlyCollection<string> named, Func<string, LinkEvent?> kernel)
    {
        var links = _scanner.Scan();
        var announcing = LinkEligibility.AnnouncingInterfaces(links, _selector, anyAllInterfaces, named);
        return (LinkEligibility.IsLinkDown(announcing, links, kernel), announcing);
    }

    /// <summary>Starts a gratuitous burst for one announced address (another MAC claimed it and this node ranks higher).</summary>
    public void Reannounce(IPAddress address)
    {
        if (_placement.ContainsKey(address))
        {
            _gratuitous.Trigger(address);
        }
    }

    /// <summary>
    /// The takeover fast path: sends the first gratuitous round for <paramref name="taken"/> on the responders open now,
    /// before any bookkeeping, then adds them to what this node announces (the full update, with its interface scan and
    /// table rebuilds, follows, and starts the burst). An address whose interfaces have no responder yet waits for that
    /// update. Returns the packets sent.
    /// </summary>
    public int TakeOver(string node, IReadOnlyDictionary<IPAddress, AnnouncedAddress> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var packets = 0;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (taken.Count == 0 || !_membership.MayAnswer())
            {
                return 0;
            }

            var responders = _responders.Values.ToList();
            foreach (var address in taken.Values)
            {
                foreach (var r in responders)
                {
                    if (address.Interfaces.Count == 0 || address.Interfaces.Contains(r.InterfaceName, StringComparer.Ordinal))
                    {
                        packets += r.SendGratuitous(address);
                    }
                }
            }

            var merged = new Dictionary<IPAddress, AnnouncedAddress>(_addresses);
            foreach (var (ip, address) in taken)
            {
                merged.TryAdd(ip, address);
            }

            Update(node, merged);
        }

        return packets;
    }

    /// <summary>Makes <paramref name="addresses"/> exactly what this node announces.</summary>
    public void Update(string node, IReadOnlyDictionary<IPAddress, AnnouncedAddress> addresses)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _node = node;
            var previous = _addresses;
            _addresses = addresses;
            foreach (var gone in previous.Keys.Where(a => !addresses.ContainsKey(a)))
            {
                _gratuitous.Cancel(gone);
                Log.Withdrew(_logger, gone.ToString());
            }

            Reconcile();
            _metrics.SetAnnounced(node, addresses.Values);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _rescanTimer.Dispose();
            _refreshTimer?.Dispose();
            _gratuitous.Dispose();
            _addresses = new Dictionary<IPAddress, AnnouncedAddress>();
            _placement = new Dictionary<IPAddress, IReadOnlyList<IInterfaceResponder>>();
            foreach (var r in _responders.Values)
            {
                r.Dispose();
            }

            _responders.Clear();
            _metrics.SetAnnounced(_node, []);
        }
    }

    private void Rescan()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                Reconcile();
            }
        }
    }

    /// <summary>Places every address on its interfaces, opens and closes responders, hands each its table, and starts a
    /// gratuitous burst for every address that gained an interface (newly taken, or a new interface appeared).</summary>
    private void Reconcile()
    {
        var links = _scanner.Scan();
        var wanted = new Dictionary<string, (LinkInfo Link, List<AnnouncedAddress> Addresses)>(StringComparer.Ordinal);
        foreach (var address in _addresses.Values)
        {
            var any = false;
            foreach (var link in _selector.Select(links, address.Interfaces))
            {
                if (!wanted.TryGetValue(link.Name, out var entry))
                {
                    entry = (link, []);
                    wanted[link.Name] = entry;
                }

                entry.Addresses.Add(address);
                any = true;
            }

            if (!any)
            {
                Log.NoInterface(_logger, address.Text, address.Interfaces.Count == 0 ? "(all)" : string.Join(",", address.Interfaces));
            }
        }

        foreach (var name in _responders.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
        {
            _responders[name].Dispose();
            _responders.Remove(name);
        }

        var placement = new Dictionary<IPAddress, List<IInterfaceResponder>>();
        foreach (var (name, (link, addresses)) in wanted)
        {
            if (!_responders.TryGetValue(name, out var responder))
            {
                try
                {
                    responder = _factory.Open(link);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Log.ResponderFailed(_logger, name, e.Message);
                    continue;
                }

                _responders[name] = responder;
            }

            responder.Update(new ResponderTable(link.Mac, link.LinkLocal, addresses));
            foreach (var a in addresses)
            {
                if (!placement.TryGetValue(a.Address, out var list))
                {
                    placement[a.Address] = list = [];
                }

                list.Add(responder);
            }
        }

        var before = _placement;
        _placement = placement.ToDictionary(p => p.Key, p => (IReadOnlyList<IInterfaceResponder>)p.Value);
        foreach (var (address, responders) in placement)
        {
            var had = before.TryGetValue(address, out var old) ? old : [];
            if (responders.Any(r => !had.Contains(r)))
            {
                Log.Announcing(_logger, address.ToString(), string.Join(",", responders.Select(r => r.InterfaceName)));
                _gratuitous.Trigger(address);
            }
        }
    }

    private void Refresh()
    {
        foreach (var address in _placement.Keys)
        {
            SendRound(address);
        }
    }

    private void SendRound(IPAddress address)
    {
        if (!_placement.TryGetValue(address, out var responders) || !_addresses.TryGetValue(address, out var announced))
        {
            return; // withdrawn meanwhile: MetalLB skips addresses whose refcount dropped to 0
        }

        // Fenced (no majority): announcing would claim the address on stale authority.
        if (!_membership.MayAnswer())
        {
            Log.Withheld(_logger, announced.Text);
            return;
        }

        var packets = 0;
        foreach (var r in responders)
        {
            packets += r.SendGratuitous(announced);
        }

        _metrics.GratuitousSent(announced, packets);
        Log.GratuitousRound(_logger, announced.Text, packets);
    }
}
