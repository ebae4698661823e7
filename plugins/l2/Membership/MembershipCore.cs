using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Ingot.Plugins.L2.Membership.Wire;

namespace Ingot.Plugins.L2.Membership;

/// <summary>
/// The membership state machine, pure on <see cref="TimeProvider"/>: messages in, messages out, snapshots. No sockets,
/// no threads: the shell (MembershipService) feeds it datagrams and ICMP errors and sends what
/// <see cref="Tick"/> returns, and a simulation runs thousands of cores in one process. Not thread-safe except
/// <see cref="MayAnswer"/> and <see cref="Current"/>, which read an immutable snapshot. The rules are in docs/failover.md.
/// </summary>
internal sealed class MembershipCore
{
    /// <summary>No such time.</summary>
    public static readonly TimeSpan Never = TimeSpan.MinValue;

    private static readonly TimeSpan Forever = TimeSpan.MaxValue;

    private readonly MembershipCoreSettings _settings;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Random _random;
    private readonly ulong _selfRank;
    private readonly Dictionary<string, MemberEntry> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Rumour Rumour, int Left)> _rumours = new(StringComparer.Ordinal);
    private MemberEntry[] _ring = [];
    private MemberEntry[] _neighbours = [];
    private MemberEntry[] _others = [];
    private ulong _sequence;
    private uint _version;
    private bool _everHeard;
    private TimeSpan _quorumSince = Never;
    private long _quorumUntilTicks = long.MaxValue;
    private int _heardCursor;
    private bool _lastSettled;
    private bool _linkDown;
    private TimeSpan _lastCall = Never;
    private TimeSpan _resumedUntil = Never;
    private MembershipSnapshot _current;

    public MembershipCore(string self, ulong incarnation, MembershipCoreSettings settings, TimeProvider time, Random random)
    {
        ArgumentException.ThrowIfNullOrEmpty(self);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        if (incarnation == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(incarnation), "incarnation 0 means never heard");
        }

        Self = self;
        Incarnation = incarnation;
        _settings = settings;
        _time = time;
        _random = random;
        _origin = time.GetTimestamp();
        _selfRank = Rank(self);
        _current = new MembershipSnapshot { Mode = MembershipMode.Active, Self = self, Taken = time.GetUtcNow(), HasQuorum = true, SelfSettled = false };
    }

    public string Self { get; }

    public ulong Incarnation { get; }

    /// <summary>The snapshot of the last <see cref="Refresh"/>.</summary>
    public MembershipSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Above the fan-out the cluster is large: heartbeats go to ring neighbours and a few random members, and
    /// state spreads by rumour.</summary>
    public bool IsLarge => _members.Count > _settings.Fanout;

    /// <summary>The core's clock: time since it was made.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>The incarnation for a process starting now: milliseconds since 1970 in the high 48 bits, so a restart is
    /// always newer than the process before it, and 16 random bits so two starts in one millisecond differ.</summary>
    public static ulong NewIncarnation(TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        return ((ulong)time.GetUtcNow().ToUnixTimeMilliseconds() << 16) | (uint)random.Next(1, 0x10000);
    }

    /// <summary>The ring position and tie-break rank of a node name: the first 8 bytes of its SHA-256, big-endian.</summary>
    public static ulong Rank(string node)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(node), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>Sets the expected members (this node's own name is ignored); members that stay keep their state. Returns
    /// whether the set changed.</summary>
    public bool SetPeers(IEnumerable<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var wanted = new HashSet<string>(nodes.Where(n => !string.Equals(n, Self, StringComparison.Ordinal)), StringComparer.Ordinal);
        if (wanted.SetEquals(_members.Keys))
        {
            return false;
        }

        foreach (var gone in _members.Keys.Where(n => !wanted.Contains(n)).ToList())
        {
            _members.Remove(gone);
            _rumours.Remove(gone);
        }

        foreach (var node in wanted.Where(n => !_members.ContainsKey(n)))
        {
            _members.Add(node, new MemberEntry(node, Rank(node)));
        }

        _ring = [.. _members.Values.OrderBy(m => m.Rank).ThenBy(m => m.Name, StringComparer.Ordinal)];
        ChooseNeighbours();
        return true;
    }

    /// <summary>Whether every interface this node announces on is down (netlink). While it is, this node is no
    /// candidate, its heartbeats say so, and it is not settled: when the link returns it takes addresses back only after
    /// the hold-down, like a returning member. Returns whether the value changed; the caller then refreshes and sends a
    /// <see cref="Tick"/> round at once, so peers need not wait for the next interval.</summary>
    public bool SetLinkDown(bool down)
    {
        if (_linkDown == down)
        {
            return false;
        }

        _linkDown = down;
        return true;
    }

    /// <summary>Takes an authenticated message. The caller refreshes afterwards when it wants the snapshot current.</summary>
    public ReceiveOutcome Receive(MembershipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        NoteClock(Now);
        if (string.Equals(message.Sender, Self, StringComparison.Ordinal))
        {
            return ReceiveOutcome.Replay;
        }

        if (!_members.TryGetValue(message.Sender, out var m))
        {
            return ReceiveOutcome.UnknownSender;
        }

        if (message.Incarnation < m.Incarnation)
        {
            return ReceiveOutcome.Replay;
        }

        if (message.Incarnation > m.Incarnation)
        {
            m.Reincarnate(message.Incarnation);
        }

        if (!m.Window.TryAccept(message.Sequence))
        {
            return ReceiveOutcome.Replay;
        }

        var now = Now;
        _everHeard = true;
        m.LastHeard = now;
        m.Evidence = now;
        m.Unreachable = false;
        m.PeerHasQuorum = message.HasQuorum;
        m.PeerLinkDown = message.LinkDown;
        m.SettledSince = message.HasQuorum ? now - TimeSpan.FromMilliseconds(message.SettledForMs) : Never;
        m.Version = Math.Max(m.Version, message.Version);
        if (message.Type == MessageType.Leaving && !m.Left)
        {
            m.Left = true;
            Spread(new Rumour(RumourKind.Left, m.Name, m.Incarnation, m.Version, 0));
        }

        foreach (var h in message.Heard)
        {
            Heard(m, h, now);
        }

        foreach (var r in message.Rumours)
        {
            Learn(r, now);
        }

        return ReceiveOutcome.Accepted;
    }

    /// <summary>An ICMP port-unreachable came back from <paramref name="node"/>'s address: nothing listens on its membership
    /// port, so its speaker is gone (until it is heard again).</summary>
    public void Unreachable(string node)
    {
        if (_members.TryGetValue(node, out var m) && m.Incarnation != 0 && !m.Unreachable)
        {
            m.Unreachable = true;
            Spread(new Rumour(RumourKind.Dead, m.Name, m.Incarnation, m.Version, 0));
        }
    }

    /// <summary>One heartbeat round: the messages to send now. Call every <see cref="MembershipCoreSettings.Interval"/>.</summary>
    public IReadOnlyList<Outgoing> Tick()
    {
        var now = Now;
        NoteClock(now);
        var targets = new List<MemberEntry>(_neighbours);
        if (_others.Length > 0)
        {
            for (var i = 0; i < _settings.GossipTargets; i++)
            {
                var pick = _others[_random.Next(_others.Length)];
                if (!targets.Contains(pick))
                {
                    targets.Add(pick);
                }
            }
        }

        var rumours = TakeRumours(targets.Count);
        var outgoing = new List<Outgoing>(targets.Count);
        foreach (var t in targets)
        {
            outgoing.Add(new Outgoing(t.Name, Message(MessageType.Heartbeat, t, now, rumours)));
        }

        return outgoing;
    }

    /// <summary>The leaving messages, to every member so none waits for the detection time.</summary>
    public IReadOnlyList<Outgoing> Leave()
    {
        var now = Now;
        ImmutableArray<Rumour> rumours = [new Rumour(RumourKind.Left, Self, Incarnation, _version, 0)];
        return [.. _ring.Select(m => new Outgoing(m.Name, Message(MessageType.Leaving, m, now, rumours)))];
    }

    /// <summary>Whether this node may answer ARP/NDP now: judged against the clock, not the last refresh, so a process
    /// resumed after a pause is fenced until fresh messages restore its majority. Thread-safe.</summary>
    public bool MayAnswer()
    {
        var s = Current;
        return s.Mode != MembershipMode.Active || Now.Ticks < Volatile.Read(ref _quorumUntilTicks);
    }

    /// <summary>When, with no further input, the next state can change (a member expiring, quorum lapsing, a hold-down
    /// ending, the start-up grace running out): the shell refreshes then, so detection does not wait for the next tick.</summary>
    public TimeSpan NextDeadline { get; private set; } = Forever;

    /// <summary>Re-evaluates every member, the quorum and the mode against the clock and publishes a new snapshot. Returns
    /// true when something that can move an address changed: a member's state or settledness, the mode, the quorum, or
    /// this node's own settledness.</summary>
    public bool Refresh()
    {
        var now = Now;
        NoteClock(now);
        var next = Forever;
        var changed = false;
        foreach (var m in _ring)
        {
            var (state, until) = Evaluate(m, now);
            var settled = state == MemberState.Alive && m.SettledSince != Never && now - m.SettledSince >= _settings.HoldDown;
            if (state == MemberState.Alive && !settled && m.SettledSince != Never)
            {
                next = Sooner(next, m.SettledSince + _settings.HoldDown, now);
            }

            next = Sooner(next, until, now);
            var linkDown = state == MemberState.Alive && m.PeerLinkDown;
            if (state != m.LastState || settled != m.LastSettled || linkDown != m.LastLinkDown)
            {
                changed = true;
                if (state == MemberState.Dead && m.LastState == MemberState.Alive && m.Neighbour)
                {
                    Spread(new Rumour(RumourKind.Dead, m.Name, m.Incarnation, m.Version, 0));
                }

                m.LastState = state;
                m.LastSettled = settled;
                m.LastLinkDown = linkDown;
            }
        }

        var utcNow = _time.GetUtcNow();
        var old = Current;
        changed |= old.Members.Count != _ring.Length;

        // A large cluster keeps the member table of the last change: rebuilding a thousand entries on every message costs
        // more than the rest of the refresh, and only a change moves an address. Last-heard times of live members in it
        // may lag; those of dead members are exact, since nothing was heard since.
        var members = old.Members;
        if (changed || !IsLarge)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, MemberInfo>(StringComparer.Ordinal);
            foreach (var m in _ring)
            {
                DateTimeOffset? heard = m.Evidence == Never ? null : utcNow - (now - m.Evidence);
                builder[m.Name] = new MemberInfo(m.Name, m.LastState, m.Incarnation, heard) { Settled = m.LastSettled, LinkDown = m.LastLinkDown };
            }

            members = builder.ToImmutable();
        }

        var quorumUntil = now < _resumedUntil ? now : QuorumUntil(now);
        var hasQuorum = now < quorumUntil;
        next = Sooner(next, quorumUntil, now);
        if (now < _resumedUntil)
        {
            next = Sooner(next, _resumedUntil, now);
        }

        if (!hasQuorum || _linkDown)
        {
            // Settledness restarts when the link returns as well as when quorum does: a flapping link moves addresses once.
            _quorumSince = Never;
        }
        else if (_quorumSince == Never)
        {
            _quorumSince = now;
        }

        var selfSettled = hasQuorum && _quorumSince != Never && now - _quorumSince >= _settings.HoldDown;
        if (hasQuorum && _quorumSince != Never && !selfSettled)
        {
            next = Sooner(next, _quorumSince + _settings.HoldDown, now);
        }

        if (selfSettled != _lastSettled)
        {
            // A new version tells every member at once, by rumour in a large cluster, so all judge this node's
            // hold-down alike.
            _lastSettled = selfSettled;
            _version++;
            Spread(new Rumour(RumourKind.Alive, Self, Incarnation, _version, SettledForMs(now)));
        }

        var mode = MembershipMode.Active;
        if (!_everHeard && _members.Count > 0)
        {
            if (now >= _settings.StartupGrace)
            {
                mode = MembershipMode.Fallback;
            }
            else
            {
                next = Sooner(next, _settings.StartupGrace, now);
            }
        }

        changed |= old.Mode != mode || old.HasQuorum != hasQuorum || old.SelfSettled != selfSettled || old.SelfLinkDown != _linkDown;
        Volatile.Write(ref _quorumUntilTicks, quorumUntil.Ticks);
        NextDeadline = next;
        Volatile.Write(ref _current, new MembershipSnapshot
        {
            Mode = mode,
            Self = Self,
            Taken = utcNow,
            Members = members,
            HasQuorum = hasQuorum,
            SelfSettled = selfSettled,
            SelfLinkDown = _linkDown,
        });
        return changed;
    }

    /// <summary>A member's state now, and until when it holds without new input.</summary>
    private (MemberState State, TimeSpan Until) Evaluate(MemberEntry m, TimeSpan now)
    {
        if (m.Incarnation == 0 || m.Evidence == Never)
        {
            return (MemberState.Unknown, Forever);
        }

        if (m.Left)
        {
            return (MemberState.Left, Forever);
        }

        // Hearing a member directly outweighs what others say of it: a rumour of its death from a node that cannot reach
        // it must not override a live link.
        var direct = m.LastHeard != Never && now - m.LastHeard < _settings.DetectionTime;
        if (m.Unreachable || (m.DeadVersion is { } dv && dv >= m.Version && !direct))
        {
            return (MemberState.Dead, Forever);
        }

        var window = m.Neighbour ? _settings.DetectionTime : _settings.Staleness;
        var until = m.Evidence + window;
        return now < until ? (MemberState.Alive, until) : (MemberState.Dead, Forever);
    }

    /// <summary>
    /// Until when this node holds quorum with no further input. A member counts while its contact is fresh: in a small
    /// cluster two-way contact (its last message within <see cref="MembershipCoreSettings.ContactFreshness"/> and its
    /// report of hearing this node within <see cref="MembershipCoreSettings.AckFreshness"/>); in a large one, evidence of
    /// it within <see cref="MembershipCoreSettings.Staleness"/>, and also two-way contact with most ring neighbours so an
    /// isolated node fences before they declare it dead.
    /// </summary>
    // The shell calls the core at least every interval. A longer silence than the detection time means this process did
    // not run (SIGSTOP, a frozen VM): the others may have declared it dead and taken its addresses. The datagrams queued
    // in the socket meanwhile would look fresh when read now, the early ones even carrying fresh reports of hearing
    // this node, so quorum would seem never lost and the hold-down never restart: the resumed node would take its
    // addresses straight back on stale authority. So quorum is lost at the gap and held off for one detection time,
    // by when only messages sent after the resume still count.
    private void NoteClock(TimeSpan now)
    {
        if (_lastCall != Never && now - _lastCall > _settings.DetectionTime)
        {
            _quorumSince = Never;
            _resumedUntil = now + _settings.DetectionTime;
        }

        _lastCall = now;
    }

    private TimeSpan QuorumUntil(TimeSpan now)
    {
        if (_members.Count == 0)
        {
            return Forever;
        }

        if (!IsLarge)
        {
            return Majority(_ring, m => TwoWay(m));
        }

        var evidence = Majority(_ring, m => m.Left || m.Unreachable || (m.DeadVersion is { } dv && dv >= m.Version) || m.Evidence == Never
            ? Never
            : m.Evidence + _settings.Staleness);
        var need = (_neighbours.Length / 2) + 1;
        var neighbours = KthLatest(_neighbours.Select(TwoWay).ToList(), need);
        return Min(evidence, neighbours);
    }

    private TimeSpan TwoWay(MemberEntry m)
    {
        if (m.Left || m.Unreachable || m.LastHeard == Never || m.Ack == Never)
        {
            return Never;
        }

        return Min(m.LastHeard + _settings.ContactFreshness, m.Ack + _settings.AckFreshness);
    }

    /// <summary>
    /// Until when this node and the members counted by <paramref name="validUntil"/> form a strict majority of the
    /// expected members (this node included), or exactly half holding the lowest-ranked member (the deterministic tie
    /// rule, so of two equal halves exactly one keeps quorum). Two nodes follow <see cref="MembershipCoreSettings.TwoNode"/>.
    /// </summary>
    private TimeSpan Majority(MemberEntry[] members, Func<MemberEntry, TimeSpan> validUntil)
    {
        var total = members.Length + 1;
        if (total == 2 && _settings.TwoNode == TwoNodePolicy.Availability)
        {
            return Forever;
        }

        var until = members.Select(validUntil).ToArray();
        var majority = KthLatest([.. until], total / 2);
        if (total % 2 != 0)
        {
            return majority;
        }

        // The tie: exactly half, lowest-ranked member among them.
        var lowest = members.Length == 0 || _selfRank <= members[0].Rank ? -1 : 0;
        TimeSpan tie;
        if (lowest < 0)
        {
            tie = KthLatest([.. until], (total / 2) - 1);
        }
        else if (total / 2 < 2)
        {
            tie = Never;
        }
        else
        {
            tie = Min(until[0], KthLatest([.. until.Skip(1)], (total / 2) - 2));
        }

        return Max(majority, tie);
    }

    /// <summary>The <paramref name="k"/>-th latest time (1-based); forever for k = 0, never when there are fewer.</summary>
    private static TimeSpan KthLatest(List<TimeSpan> times, int k)
    {
        if (k <= 0)
        {
            return Forever;
        }

        if (times.Count < k)
        {
            return Never;
        }

        times.Sort();
        return times[^k];
    }

    private void Heard(MemberEntry sender, HeardEntry h, TimeSpan now)
    {
        var at = now - TimeSpan.FromMilliseconds(h.AgeMs);
        if (string.Equals(h.Node, Self, StringComparison.Ordinal))
        {
            if (h.Incarnation == Incarnation && at > sender.Ack)
            {
                sender.Ack = at;
            }

            return;
        }

        if (!_members.TryGetValue(h.Node, out var m) || h.Incarnation < m.Incarnation)
        {
            return;
        }

        if (h.Incarnation > m.Incarnation)
        {
            m.Reincarnate(h.Incarnation);
        }

        if (at > m.Evidence)
        {
            m.Evidence = at;
        }
    }

    private void Learn(Rumour r, TimeSpan now)
    {
        if (string.Equals(r.Node, Self, StringComparison.Ordinal))
        {
            // Rumoured dead or gone while alive: refute with a higher version (SWIM's suspicion refutation).
            if (r.Incarnation == Incarnation && r.Kind != RumourKind.Alive && r.Version >= _version)
            {
                _version = r.Version + 1;
                Spread(new Rumour(RumourKind.Alive, Self, Incarnation, _version, SettledForMs(now)));
            }

            return;
        }

        if (!_members.TryGetValue(r.Node, out var m) || r.Incarnation < m.Incarnation)
        {
            return;
        }

        if (r.Incarnation > m.Incarnation)
        {
            m.Reincarnate(r.Incarnation);
        }

        var news = false;
        switch (r.Kind)
        {
            case RumourKind.Alive when r.Version > m.Version || m.Version == 0:
                m.Version = r.Version;
                m.SettledSince = r.SettledForMs > 0 ? now - TimeSpan.FromMilliseconds(r.SettledForMs) : Never;
                news = true;
                break;
            case RumourKind.Dead when r.Version >= m.Version && (m.DeadVersion is not { } dv || r.Version > dv):
                m.DeadVersion = r.Version;
                news = true;
                break;
            case RumourKind.Left when !m.Left:
                m.Left = true;
                news = true;
                break;
        }

        if (news)
        {
            Spread(r);
        }
    }

    /// <summary>Queues a rumour for piggybacking, replacing an older one about the same node. Only a large cluster gossips:
    /// in a small one every member hears every other directly.</summary>
    private void Spread(Rumour r)
    {
        if (!IsLarge)
        {
            return;
        }

        var times = _settings.RumourMultiplier * (int)Math.Ceiling(Math.Log2(_members.Count + 1));
        _rumours[r.Node] = (r, times);
    }

    private ImmutableArray<Rumour> TakeRumours(int messages)
    {
        if (_rumours.Count == 0)
        {
            return [];
        }

        // Every message of a round carries the same rumours, and each counts once per message, so a rumour goes out
        // RumourMultiplier × log2(N) times in all, as SWIM's dissemination bound asks.
        var picked = _rumours.Values.OrderByDescending(v => v.Left).Take(_settings.RumoursPerMessage).ToList();
        foreach (var (rumour, left) in picked)
        {
            var rest = left - messages;
            if (rest <= 0)
            {
                _rumours.Remove(rumour.Node);
            }
            else
            {
                _rumours[rumour.Node] = (rumour, rest);
            }
        }

        return [.. picked.Select(p => p.Rumour)];
    }

    private MembershipMessage Message(MessageType type, MemberEntry to, TimeSpan now, ImmutableArray<Rumour> rumours)
    {
        var heard = ImmutableArray.CreateBuilder<HeardEntry>();
        if (to.LastHeard != Never)
        {
            heard.Add(new HeardEntry(to.Name, to.Incarnation, Age(now, to.LastHeard), to.PeerHasQuorum));
        }

        // The rest of the vector: everyone in a small cluster, a rotating window in a large one, so far members' evidence
        // reaches every node without all-to-all traffic.
        var count = IsLarge ? Math.Min(_settings.HeardPerMessage, _ring.Length) : _ring.Length;
        for (var i = 0; i < count && _ring.Length > 0; i++)
        {
            var m = _ring[_heardCursor++ % _ring.Length];
            if (m != to && m.Evidence != Never && now - m.Evidence < _settings.Staleness && !m.Left)
            {
                heard.Add(new HeardEntry(m.Name, m.Incarnation, Age(now, m.Evidence), false));
            }
        }

        return new MembershipMessage(type, Self, Incarnation, ++_sequence, _version, Current.HasQuorum, SettledForMs(now), heard.ToImmutable(), rumours, _linkDown);
    }

    private uint SettledForMs(TimeSpan now) =>
        _quorumSince == Never ? 0 : (uint)Math.Min(uint.MaxValue, Math.Max(0, (now - _quorumSince).TotalMilliseconds));

    private static ushort Age(TimeSpan now, TimeSpan then) =>
        (ushort)Math.Clamp((now - then).TotalMilliseconds, 0, HeardEntry.MaxAgeMs);

    /// <summary>Small cluster: every member is watched. Large: the Fanout nearest on the ring, half on each side, and the
    /// rest are gossip targets.</summary>
    private void ChooseNeighbours()
    {
        foreach (var m in _ring)
        {
            m.Neighbour = !IsLarge;
        }

        if (!IsLarge)
        {
            _neighbours = _ring;
            _others = [];
            return;
        }

        // This node's place on the ring: the first member ranked after it.
        var at = 0;
        while (at < _ring.Length && _ring[at].Rank < _selfRank)
        {
            at++;
        }

        var near = new List<MemberEntry>(_settings.Fanout);
        for (var i = 0; i < _settings.Fanout / 2; i++)
        {
            near.Add(_ring[(at + i) % _ring.Length]);
            near.Add(_ring[(at - 1 - i + _ring.Length) % _ring.Length]);
        }

        foreach (var m in near)
        {
            m.Neighbour = true;
        }

        _neighbours = [.. near.Distinct()];
        _others = [.. _ring.Where(m => !m.Neighbour)];
    }

    /// <summary>The earlier of a deadline and a time, counting only times still ahead.</summary>
    private static TimeSpan Sooner(TimeSpan next, TimeSpan at, TimeSpan now) => at > now && at < next ? at : next;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
