namespace Ingot.Plugins.L2.Election;

/// <summary>
/// What this node takes over, ranked in advance: for each current owner, the announcements this node makes when that
/// owner's speaker dies or its link goes down, because this node is the next candidate in MetalLB's order for them.
/// Built beside every full election (off the takeover path), so a takeover looks up one entry instead of re-electing
/// every Service before its first gratuitous announcement. Immutable.
/// </summary>
internal sealed class TakeoverIndex
{
    public static TakeoverIndex Empty { get; } = new(new Dictionary<string, IReadOnlyList<Takeover>>(StringComparer.Ordinal));

    public TakeoverIndex(IReadOnlyDictionary<string, IReadOnlyList<Takeover>> byOwner)
    {
        ByOwner = byOwner;
    }

    /// <summary>Current owner → the announcements this node would make in its place.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Takeover>> ByOwner { get; }

    /// <summary>The announcements this node makes if <paramref name="owner"/> goes; empty when none.</summary>
    public IReadOnlyList<Takeover> For(string owner) => ByOwner.TryGetValue(owner, out var list) ? list : [];
}
