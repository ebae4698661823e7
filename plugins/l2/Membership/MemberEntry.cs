namespace Ingot.Plugins.L2.Membership;

/// <summary>What the core knows of one expected member. Mutable, owned by <see cref="MembershipCore"/> (one thread).
/// Times are on the core's monotonic clock; <see cref="MembershipCore.Never"/> when none.</summary>
internal sealed class MemberEntry(string name, ulong rank)
{
    public string Name { get; } = name;

    /// <summary>The first 8 bytes of SHA-256 of the name: ring position and tie-breaker, the same on every node.</summary>
    public ulong Rank { get; } = rank;

    /// <summary>The current incarnation; 0 while never heard of. Incarnations grow with every start (start time in the
    /// high bits), so a lower one is an old process and its messages are replays.</summary>
    public ulong Incarnation { get; private set; }

    public ReplayWindow Window { get; private set; } = new();

    /// <summary>Watched directly: everyone in a small cluster, the ring neighbours in a large one.</summary>
    public bool Neighbour { get; set; }

    /// <summary>Last authenticated message from it.</summary>
    public TimeSpan LastHeard { get; set; } = MembershipCore.Never;

    /// <summary>Whether its last message said every interface it announces on is down.</summary>
    public bool PeerLinkDown { get; set; }

    /// <summary>Whether its last message said it held quorum.</summary>
    public bool PeerHasQuorum { get; set; }

    /// <summary>The freshest evidence of it being alive: its own message, or a heard entry of another member minus the
    /// entry's age. Never fresher than its real last message, so it cannot delay detection.</summary>
    public TimeSpan Evidence { get; set; } = MembershipCore.Never;

    /// <summary>When it last heard this node's current incarnation, as its heard entry about this node said.</summary>
    public TimeSpan Ack { get; set; } = MembershipCore.Never;

    /// <summary>When it started holding quorum without a break, as it reported; Never while it reports none.</summary>
    public TimeSpan SettledSince { get; set; } = MembershipCore.Never;

    /// <summary>Its self-report counter: it raises it to refute a rumour of its death and whenever its settledness changes.</summary>
    public uint Version { get; set; }

    /// <summary>The highest version a Dead rumour named; dead while at least <see cref="Version"/>.</summary>
    public uint? DeadVersion { get; set; }

    /// <summary>It said it is leaving.</summary>
    public bool Left { get; set; }

    /// <summary>An ICMP port-unreachable came from its address after its last message.</summary>
    public bool Unreachable { get; set; }

    /// <summary>The state at the last <see cref="MembershipCore.Refresh"/>, to see transitions.</summary>
    public MemberState LastState { get; set; } = MemberState.Unknown;

    public bool LastSettled { get; set; }

    public bool LastLinkDown { get; set; }

    /// <summary>Switches to a newer incarnation: everything known of the old process is forgotten.</summary>
    public void Reincarnate(ulong incarnation)
    {
        Incarnation = incarnation;
        Window = new ReplayWindow();
        Ack = MembershipCore.Never;
        Evidence = MembershipCore.Never;
        LastHeard = MembershipCore.Never;
        SettledSince = MembershipCore.Never;
        PeerHasQuorum = false;
        PeerLinkDown = false;
        Version = 0;
        DeadVersion = null;
        Left = false;
        Unreachable = false;
    }
}
