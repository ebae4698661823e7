using System.Net;

namespace Ingot.Plugins.FileSource.State;

/// <summary>One Service's assignment as the state file keeps it.</summary>
/// <param name="Addresses">The addresses, in status order.</param>
/// <param name="Pool">The pool they came from, or null.</param>
internal sealed record StateEntry(IReadOnlyList<IPAddress> Addresses, string? Pool)
{
    public bool Equals(StateEntry? other)
        => other is not null && string.Equals(Pool, other.Pool, StringComparison.Ordinal) && Addresses.SequenceEqual(other.Addresses);

    public override int GetHashCode() => HashCode.Combine(Pool, Addresses.Count);

    public override string ToString() => $"{string.Join(",", Addresses)} (pool {Pool ?? "none"})";
}
