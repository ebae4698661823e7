using System.Collections.Immutable;

namespace Ingot.Plugins.L2.Membership;

/// <summary>
/// The membership as this speaker sees it at one moment. Immutable: a new snapshot replaces the old one on every change,
/// so the planner and the responders read one consistent view without locks.
/// </summary>
internal sealed record MembershipSnapshot
{
    /// <summary>Membership is off: every node counts as alive, nothing is fenced.</summary>
    public static MembershipSnapshot Disabled { get; } = new() { Mode = MembershipMode.Disabled };

    /// <summary>Disabled, fallback or active.</summary>
    public required MembershipMode Mode { get; init; }

    /// <summary>This speaker's node name; empty when disabled.</summary>
    public string Self { get; init; } = string.Empty;

    /// <summary>When the snapshot was taken (the membership clock).</summary>
    public DateTimeOffset Taken { get; init; }

    /// <summary>Every expected speaker other than this one, by node name.</summary>
    public ImmutableDictionary<string, MemberInfo> Members { get; init; } = ImmutableDictionary<string, MemberInfo>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>True while this speaker has fresh two-way contact with a majority of the expected members (itself
    /// included; ties broken as docs/failover.md says). Always true unless <see cref="Mode"/> is active.</summary>
    public bool HasQuorum { get; init; } = true;

    /// <summary>True when this node must withhold answers: membership is active and it lacks a majority.</summary>
    public bool Fenced => Mode == MembershipMode.Active && !HasQuorum;

    /// <summary>True when this node has held quorum for at least the hold-down since it (re)started; always true unless
    /// <see cref="Mode"/> is active.</summary>
    public bool SelfSettled { get; init; } = true;

    /// <summary>True while every interface this node announces on is down (netlink): it is no candidate, whatever the
    /// mode, and its heartbeats say so.</summary>
    public bool SelfLinkDown { get; init; }

    /// <summary>Whether <paramref name="node"/> cannot announce because its announcing interfaces are down: this node by
    /// its own netlink view in every mode; a member by its last heartbeat, only while membership is active and it is
    /// alive (a dead member is excluded anyway).</summary>
    public bool IsLinkDown(string node)
    {
        if (string.Equals(node, Self, StringComparison.Ordinal))
        {
            return SelfLinkDown;
        }

        return Mode == MembershipMode.Active && Members.TryGetValue(node, out var m) && m.State == MemberState.Alive && m.LinkDown;
    }

    /// <summary>
    /// Whether <paramref name="node"/> is alive and past the hold-down, so it may take addresses back: the election prefers
    /// settled candidates and falls back to alive ones when none is settled (a whole cluster starting cold). Every node
    /// judges this from how long the member itself reports holding quorum, so all nodes, the member included, agree.
    /// Always true when not active, and for nodes membership does not know (as <see cref="IsAlive"/>).
    /// </summary>
    public bool IsSettled(string node)
    {
        if (Mode != MembershipMode.Active)
        {
            return true;
        }

        if (string.Equals(node, Self, StringComparison.Ordinal))
        {
            return SelfSettled;
        }

        return !Members.TryGetValue(node, out var m) || (m.State == MemberState.Alive && m.Settled);
    }

    /// <summary>Whether <paramref name="node"/>'s speaker may be elected: always when not active; otherwise this node, and
    /// members that are alive. Nodes that membership does not know (not among the peers) count as alive, so a Node without
    /// an address is judged by readiness alone.</summary>
    public bool IsAlive(string node)
    {
        if (Mode != MembershipMode.Active || string.Equals(node, Self, StringComparison.Ordinal))
        {
            return true;
        }

        return !Members.TryGetValue(node, out var m) || m.State == MemberState.Alive;
    }
}
