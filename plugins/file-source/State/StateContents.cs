using System.Collections.Immutable;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.FileSource.State;

/// <summary>Everything the state file keeps: the assignments in force and the released ones still remembered.</summary>
internal sealed record StateContents(
    ImmutableSortedDictionary<ServiceKey, StateEntry> Assignments,
    ImmutableSortedDictionary<ServiceKey, ReleasedEntry> Released)
{
    public static StateContents Empty { get; } = new(
        ImmutableSortedDictionary<ServiceKey, StateEntry>.Empty, ImmutableSortedDictionary<ServiceKey, ReleasedEntry>.Empty);

    public bool Equals(StateContents? other)
        => other is not null && Same(Assignments, other.Assignments) && Same(Released, other.Released);

    public override int GetHashCode() => HashCode.Combine(Assignments.Count, Released.Count);

    private static bool Same<T>(IReadOnlyDictionary<ServiceKey, T> a, IReadOnlyDictionary<ServiceKey, T> b)
        => a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && EqualityComparer<T>.Default.Equals(other, e.Value));
}
