namespace Ingot.Plugins.L2.Membership;

/// <summary>One speaker as this node sees it. Immutable.</summary>
/// <param name="Node">The speaker's node name (its identity together with <paramref name="Incarnation"/>).</param>
/// <param name="State">Alive, dead, left or never heard.</param>
/// <param name="Incarnation">The incarnation last heard from it (changes on every start); 0 when never heard.</param>
/// <param name="LastHeard">When a valid message from it last arrived; null when never.</param>
internal sealed record MemberInfo(string Node, MemberState State, ulong Incarnation, DateTimeOffset? LastHeard)
{
    /// <summary>Alive, and has held quorum for at least the hold-down (as it reported itself, so every node judges it the
    /// same way): it may take addresses back.</summary>
    public bool Settled { get; init; }

    /// <summary>Alive, but its last message said every interface it announces on is down: it is no candidate.</summary>
    public bool LinkDown { get; init; }
}
