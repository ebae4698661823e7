namespace Ingot.Plugins.L2.Announcing;

/// <summary>What this node does when another MAC claims an address it announces.</summary>
internal enum ConflictAction
{
    /// <summary>This node ranks higher (or the claimant is no speaker we know): send a gratuitous burst to win the
    /// clients back.</summary>
    Reannounce,

    /// <summary>The claimant is a speaker ranked higher for this address: stop announcing it for a while.</summary>
    Withdraw,
}
