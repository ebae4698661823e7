using System.Net;

namespace Ingot.Plugins.L2.Membership;

/// <summary>
/// Speaker membership as the layer 2 announcer sees it: who is alive, and whether this node may answer. The
/// implementation sends and receives heartbeats; the announcer only reads snapshots and reacts to changes.
/// </summary>
internal interface IMembership : IDisposable
{
    /// <summary>The latest snapshot.</summary>
    MembershipSnapshot Current { get; }

    /// <summary>Raised after <see cref="Current"/> changed in a way that can move an address: a member's state, the mode,
    /// the quorum, or a link. Raised on the membership's own dispatch thread, never under the caller's locks, one handler
    /// call at a time, each with the newest snapshot (changes that arrive during a call are coalesced into the next).</summary>
    event Action<MembershipSnapshot>? Changed;

    /// <summary>The expected speakers: node name → the address its membership port listens on. Called on every pass; the
    /// same set again is a no-op. This node's own entry, when present, is ignored.</summary>
    void SetPeers(string self, IReadOnlyDictionary<string, IPAddress> peers);

    /// <summary>Whether this node may answer ARP/NDP right now: false while fenced, judged against the clock at the moment
    /// of the call (a process paused past its detection time must not answer on stale authority). Cheap: called per
    /// request.</summary>
    bool MayAnswer();

    /// <summary>Whether every interface this node announces on is down (netlink). A change goes out in a heartbeat round at
    /// once, so peers drop this node's candidacy without waiting for detection; the same value again is a no-op.</summary>
    void SetLinkDown(bool down);

    /// <summary>Tells every peer this speaker is leaving (SIGTERM), so they drop it at once instead of after the detection
    /// time. Heartbeats stop afterwards.</summary>
    ValueTask LeaveAsync(CancellationToken cancellationToken);
}
