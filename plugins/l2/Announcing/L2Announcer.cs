using System.Net;
using Ingot.Plugins.L2.Election;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Plugins.L2.Membership;
using Ingot.Plugins.L2.Responding;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.L2.Announcing;

/// <summary>
/// The <c>layer2</c> announcer: MetalLB's election over the live speakers as the pure plan, ARP/NDP answering as this
/// node's work. When membership changes it re-elects at once from the last cluster state it planned, without waiting for
/// the host's next pass, so a takeover costs one election, not a reconcile. When the kernel reports (netlink) that every
/// interface this node announces on is down, the node withdraws its own candidacy at once and tells its peers in a
/// heartbeat, so they take over without waiting for detection. When another MAC claims an address this node announces,
/// the lower-ranked of the two (MetalLB's ranking) withdraws it for <see cref="ConflictYield"/> and the higher re-announces.
/// </summary>
internal sealed class L2Announcer : IAnnouncer, IDisposable
{
    /// <summary>The longest a leaving speaker keeps answering after telling its peers, so the new owners answer and send
    /// their gratuitous announcements before it stops (make-before-break).</summary>
    public static readonly TimeSpan HandoverWait = TimeSpan.FromMilliseconds(500);

    private readonly L2Speaker _speaker;
    private readonly IMembership _membership;
    /// <summary>How long an address yielded to a higher-ranked claimant stays withdrawn unless membership changes first:
    /// long enough for the owner's burst to settle the clients, short enough that a claimant that vanished is replaced.</summary>
    public static readonly TimeSpan ConflictYield = TimeSpan.FromSeconds(10);

    private readonly ILinkMonitor _links;
    private readonly ConflictWatcher _conflicts;
    private readonly TimeProvider _time;
    private readonly Dictionary<IPAddress, long> _yielded = [];
    private ITimer? _yieldTimer;
    private TakeoverIndex _takeovers = TakeoverIndex.Empty;
    private MembershipSnapshot? _lastSnapshot;
    private long _elections;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private (ClusterState State, AllocationResult Allocation)? _planned;
    private string? _node;
    private bool _fenced;
    private bool _linkDown;

    public L2Announcer(L2Speaker speaker, IMembership membership, ILinkMonitor links, ConflictWatcher conflicts, TimeProvider time, ILogger<L2Announcer> logger)
    {
        _speaker = speaker;
        _membership = membership;
        _links = links;
        _conflicts = conflicts;
        _time = time;
        _logger = logger;
        _membership.Changed += OnMembershipChanged;
        _links.Changed += OnLinkChanged;
        _conflicts.Claimed += OnClaimed;
    }

    /// <summary>Full elections run so far (passes and re-elections): what a takeover must not wait for.</summary>
    public long Elections => Interlocked.Read(ref _elections);

    /// <summary>Whether this node withdrew its candidacy because its announcing interfaces are down.</summary>
    public bool LinkDown
    {
        get
        {
            lock (_gate)
            {
                return _linkDown;
            }
        }
    }

    public string Name => L2Election.Protocol;

    public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation)
    {
        // The inputs are kept (not acted on) so a membership change can re-elect from them.
        MembershipSnapshot snapshot;
        string? node;
        lock (_gate)
        {
            _planned = (state, allocation);
            snapshot = WithLink(_membership.Current);
            node = _node;
        }

        // Elected outside the lock: a full election of a large cluster takes long, and a takeover (which needs the lock)
        // must not wait behind the host's pass.
        var election = Interlocked.Increment(ref _elections);
        var plan = L2Election.Plan(state, allocation, snapshot, node, out var takeovers);
        lock (_gate)
        {
            // Kept only if no re-election ran meanwhile: that one saw a newer snapshot.
            if (node is not null && Interlocked.Read(ref _elections) == election)
            {
                _takeovers = takeovers;
                _lastSnapshot = snapshot;
            }
        }

        return plan;
    }

    public ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        lock (_gate)
        {
            var first = _node is null;
            _node = nodeName;
            _speaker.Update(nodeName, WithoutYielded(DesiredAddresses(plan, nodeName)));

            // The first pass planned before this node's name was known: rank its takeovers now, not at the next pass.
            if (first && _planned is { } planned)
            {
                Elect(planned.State, planned.Allocation, WithLink(_membership.Current));
            }
        }

        var peers = Peers(state);
        _membership.SetPeers(nodeName, peers);
        _conflicts.SetNodes(Ipv4ByNode(state));

        // Started here, not at construction: only the daemon applies, and `ingot reconcile` opens no sockets.
        _links.Start();
        CheckLinks();
        return ValueTask.CompletedTask;
    }

    public async ValueTask WithdrawAllAsync(CancellationToken cancellationToken)
    {
        var handover = _membership.Current is { Mode: MembershipMode.Active, Members.Count: > 0 } && _speaker.Announces;
        await _membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        if (handover)
        {
            // Still answering while the peers, told we leave, elect the new owners and announce them.
            try
            {
                await Task.Delay(HandoverWait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The host's stop budget ran out: stop now.
            }
        }

        _speaker.Dispose();
    }

    public void Dispose()
    {
        _membership.Changed -= OnMembershipChanged;
        _links.Changed -= OnLinkChanged;
        _conflicts.Claimed -= OnClaimed;
        lock (_gate)
        {
            _yieldTimer?.Dispose();
            _yieldTimer = null;
        }
    }

    /// <summary>Each node's membership address: its first InternalIP, where its speaker listens.</summary>
    internal static Dictionary<string, IPAddress> Peers(ClusterState state) =>
        state.Nodes.Where(n => n.InternalAddresses.Count > 0).ToDictionary(n => n.Name, n => n.InternalAddresses[0], StringComparer.Ordinal);

    /// <summary>The addresses this node announces by layer 2. An address shared by several Services is announced on the
    /// union of their interfaces (all interfaces when any of them says all).</summary>
    internal static Dictionary<IPAddress, AnnouncedAddress> DesiredAddresses(AnnouncementPlan plan, string nodeName) =>
        DesiredAddresses(plan.ForNode(nodeName).Select(p => (p.Service.Service, p.Announcement)));

    /// <summary>The same, from announcements this node makes (a takeover list).</summary>
    internal static Dictionary<IPAddress, AnnouncedAddress> DesiredAddresses(IEnumerable<(ServiceKey Service, Announcement Announcement)> announcements)
    {
        var byAddress = new Dictionary<IPAddress, (bool All, SortedSet<string> Names, SortedSet<ServiceKey> Services)>();
        foreach (var (service, announcement) in announcements)
        {
            if (!string.Equals(announcement.Protocol, L2Election.Protocol, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var raw in announcement.Addresses)
            {
                var address = raw.IsIPv4MappedToIPv6 ? raw.MapToIPv4() : raw;
                if (!byAddress.TryGetValue(address, out var entry))
                {
                    entry = (false, new SortedSet<string>(StringComparer.Ordinal), []);
                }

                entry.Names.UnionWith(announcement.Interfaces);
                entry.Services.Add(service);
                byAddress[address] = (entry.All || announcement.Interfaces.Count == 0, entry.Names, entry.Services);
            }
        }

        return byAddress.ToDictionary(
            p => p.Key,
            p => new AnnouncedAddress(p.Key, p.Value.All ? [] : p.Value.Names.ToList(), p.Value.Services.ToList()));
    }

    /// <summary>Which interfaces the advertisements selecting <paramref name="node"/> name, and whether any names none
    /// (all interfaces).</summary>
    internal static (bool AnyAll, HashSet<string> Named) AdvertisedInterfaces(ClusterState state, string node)
    {
        var info = state.Nodes.FirstOrDefault(n => string.Equals(n.Name, node, StringComparison.Ordinal));
        var ads = state.Configuration.Pools.Values.SelectMany(p => p.L2Advertisements).Where(a => info is null || a.SelectsNode(info)).ToList();
        return (ads.Any(a => a.Interfaces.Count == 0), ads.SelectMany(a => a.Interfaces).ToHashSet(StringComparer.Ordinal));
    }

    private void OnLinkChanged(LinkEvent link) => CheckLinks();

    /// <summary>Every node's IPv4 InternalIPs (host order): ARP from them tells the watcher which MAC is which node.</summary>
    private static Dictionary<uint, string> Ipv4ByNode(ClusterState state)
    {
        var result = new Dictionary<uint, string>();
        foreach (var node in state.Nodes)
        {
            foreach (var a in node.InternalAddresses)
            {
                var v4 = a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
                if (v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    result.TryAdd(new AnnouncedAddress(v4, [], []).V4, node.Name);
                }
            }
        }

        return result;
    }

    /// <summary>Another MAC answers for an address we announce: the lower-ranked of us two withdraws, the other re-announces.</summary>
    internal void OnClaimed(ForeignClaim claim)
    {
        try
        {
            lock (_gate)
            {
                if (_planned is not { } planned || _node is null)
                {
                    return;
                }

                var claimant = _conflicts.NodeOf(claim.Claimant);
                if (string.Equals(claimant, _node, StringComparison.Ordinal))
                {
                    return; // another interface of ours on the same LAN
                }

                // Only a claimant that may announce outranks this node: one this node's view holds NotReady, excluded,
                // dead or cut off is answering on a stale view of its own and is told so by the re-announcement.
                var snapshot = WithLink(_membership.Current);
                var eligible = claimant is not null && planned.State.FindNode(claimant) is { } info && L2Election.MayAnnounce(info)
                    && snapshot.IsAlive(claimant) && !snapshot.IsLinkDown(claimant);
                var ranking = eligible ? L2Election.Ranking(planned.State, claim.Address.Address, [_node, claimant!]) : [_node];
                var action = ConflictRules.Decide(_node, claimant, ranking);
                Log.Conflict(_logger, claim.Address.Text, claim.Claimant.ToString(), claimant ?? "(not a known node)", claim.Interface, action.ToString());
                if (action == ConflictAction.Reannounce)
                {
                    _speaker.Reannounce(claim.Address.Address);
                    return;
                }

                _yielded[claim.Address.Address] = _time.GetTimestamp();
                var plan = Elect(planned.State, planned.Allocation, snapshot);
                _speaker.Update(_node, WithoutYielded(DesiredAddresses(plan, _node)));

                // The yield ends by itself: when it lapses, elect again, even if nothing else changes meanwhile.
                _yieldTimer?.Dispose();
                _yieldTimer = _time.CreateTimer(_ => OnMembershipChanged(_membership.Current), null, ConflictYield, Timeout.InfiniteTimeSpan);
            }
        }
        catch (ObjectDisposedException)
        {
            // Stopping: the speaker is gone.
        }
    }

    /// <summary>The desired addresses minus those yielded to a higher-ranked claimant less than <see cref="ConflictYield"/>
    /// ago. Caller holds the lock.</summary>
    private Dictionary<IPAddress, AnnouncedAddress> WithoutYielded(Dictionary<IPAddress, AnnouncedAddress> desired)
    {
        foreach (var (address, since) in _yielded.ToList())
        {
            if (_time.GetElapsedTime(since) >= ConflictYield)
            {
                _yielded.Remove(address);
            }
            else
            {
                desired.Remove(address);
            }
        }

        return desired;
    }

    /// <summary>Re-judges this node's links; on a change tells membership (which heartbeats it at once) and re-elects.</summary>
    private void CheckLinks()
    {
        bool down;
        lock (_gate)
        {
            if (_planned is not { } planned || _node is null)
            {
                return;
            }

            var (anyAll, named) = AdvertisedInterfaces(planned.State, _node);
            (down, var announcing) = _speaker.LinkState(anyAll, named, _links.Find);
            if (down == _linkDown)
            {
                return;
            }

            _linkDown = down;
            if (down)
            {
                Log.LinkDown(_logger, string.Join(",", announcing));
            }
            else
            {
                Log.LinkUp(_logger);
            }
        }

        _membership.SetLinkDown(down);

        // Also without membership (or when its snapshot did not change): this node's own candidacy follows its link.
        OnMembershipChanged(_membership.Current);
    }

    /// <summary>The full election, which also ranks in advance what this node takes over from each owner. Caller holds
    /// the lock.</summary>
    private AnnouncementPlan Elect(ClusterState state, AllocationResult allocation, MembershipSnapshot snapshot)
    {
        Interlocked.Increment(ref _elections);
        var plan = L2Election.Plan(state, allocation, snapshot, _node, out var takeovers);
        if (_node is not null)
        {
            _takeovers = takeovers;
        }

        _lastSnapshot = snapshot;
        return plan;
    }

    /// <summary>Announces at once what this node is next in line for from every owner that was a candidate in the last
    /// election's snapshot and is not now (dead, left, link down). Caller holds the lock.</summary>
    private void TakeOverFrom(MembershipSnapshot snapshot)
    {
        if (_lastSnapshot is not { } last || _node is null || snapshot.Fenced || _takeovers.ByOwner.Count == 0)
        {
            return;
        }

        List<Takeover>? taken = null;
        foreach (var owner in _takeovers.ByOwner.Keys)
        {
            var was = last.IsAlive(owner) && !last.IsLinkDown(owner);
            var now = snapshot.IsAlive(owner) && !snapshot.IsLinkDown(owner);
            if (was && !now)
            {
                (taken ??= []).AddRange(_takeovers.For(owner));
            }
        }

        if (taken is not null)
        {
            _speaker.TakeOver(_node, DesiredAddresses(taken.Select(t => (t.Service, t.Announcement))));
        }
    }

    /// <summary>The snapshot with this node's link state, which the announcer owns in every membership mode.</summary>
    private MembershipSnapshot WithLink(MembershipSnapshot snapshot) =>
        snapshot.SelfLinkDown == _linkDown && (snapshot.Self.Length > 0 || _node is null)
            ? snapshot
            : snapshot with { Self = snapshot.Self.Length > 0 ? snapshot.Self : _node ?? string.Empty, SelfLinkDown = _linkDown };

    private void OnMembershipChanged(MembershipSnapshot received)
    {
        try
        {
            lock (_gate)
            {
                if (_planned is not { } planned || _node is null)
                {
                    return;
                }

                var snapshot = WithLink(received);

                // The fast path first: the addresses of owners that just went, ranked in advance, announced before
                // any Service is re-elected.
                TakeOverFrom(snapshot);
                var plan = Elect(planned.State, planned.Allocation, snapshot);

                // The views that made two nodes answer may have converged: yielded addresses are elected afresh.
                _yielded.Clear();
                _speaker.Update(_node, DesiredAddresses(plan, _node));

                // Regaining the majority: what was withheld while fenced is announced again, so clients that asked
                // meanwhile learn the owner without waiting for their next request.
                if (_fenced && !snapshot.Fenced)
                {
                    _speaker.Reannounce();
                }

                _fenced = snapshot.Fenced;
                Log.MembershipElection(_logger, snapshot.Mode.ToString(), snapshot.Fenced, Describe(snapshot));
            }
        }
        catch (ObjectDisposedException)
        {
            // Stopping: the speaker is gone.
        }
    }

    /// <summary>"node-b dead, last heard 340 ms ago; node-c alive" for the log line of a re-election.</summary>
    private static string Describe(MembershipSnapshot s) => string.Join("; ", s.Members.Values.OrderBy(m => m.Node, StringComparer.Ordinal).Select(m =>
        m.State == MemberState.Alive || m.LastHeard is null
            ? $"{m.Node} {m.State.ToString().ToLowerInvariant()}"
            : $"{m.Node} {m.State.ToString().ToLowerInvariant()}, last heard {(s.Taken - m.LastHeard.Value).TotalMilliseconds:F0} ms ago"));
}
