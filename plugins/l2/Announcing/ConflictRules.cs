namespace Ingot.Plugins.L2.Announcing;

/// <summary>
/// The pure decision when two stations answer for one address. Both speakers run it with the same ranking (MetalLB's,
/// over the two of them), so exactly one withdraws and the other re-announces. A claimant whose MAC is no known speaker
/// (a misconfigured host, a stale kernel answer) cannot be made to withdraw: this node re-announces.
/// </summary>
internal static class ConflictRules
{
    /// <param name="self">This node.</param>
    /// <param name="claimant">The node the claiming MAC belongs to, or null when unknown.</param>
    /// <param name="ranking">MetalLB's order of <paramref name="self"/> and <paramref name="claimant"/> for the address.</param>
    public static ConflictAction Decide(string self, string? claimant, IReadOnlyList<string> ranking)
    {
        ArgumentException.ThrowIfNullOrEmpty(self);
        ArgumentNullException.ThrowIfNull(ranking);
        if (claimant is null || string.Equals(claimant, self, StringComparison.Ordinal) || !ranking.Contains(claimant, StringComparer.Ordinal))
        {
            return ConflictAction.Reannounce;
        }

        return string.Equals(ranking.FirstOrDefault(n => n == self || n == claimant), self, StringComparison.Ordinal)
            ? ConflictAction.Reannounce
            : ConflictAction.Withdraw;
    }
}
