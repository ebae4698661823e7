namespace Ingot.Plugins.L2.Membership;

/// <summary>What a speaker of a two-speaker cluster does when it hears only itself (docs/failover.md, "Two nodes").</summary>
internal enum TwoNodePolicy
{
    /// <summary>Either node alone keeps quorum: a crashed peer is taken over, a pure partition can answer twice until it
    /// heals (MetalLB's behaviour).</summary>
    Availability,

    /// <summary>The general tie rule: the node with the lowest SHA-256 of its name keeps quorum alone, the other fences.
    /// Never answers twice, but the loss of the favoured node is an outage.</summary>
    Tiebreak,
}
