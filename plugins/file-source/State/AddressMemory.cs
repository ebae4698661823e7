using System.Collections.Immutable;
using System.Net;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.FileSource.State;

/// <summary>
/// The rule for remembering released addresses, pure: when a Service goes away (its manifest deleted, moved out of the
/// directory, or no longer a LoadBalancer), its addresses are remembered with the time, for the grace period. A Service
/// that comes back within it is offered them again; the allocator gives them to another Service only when the pool has
/// nothing else, and once another Service holds one the memory of it is dropped.
/// </summary>
internal static class AddressMemory
{
    /// <summary>True while <paramref name="released"/> is within the grace period at <paramref name="now"/>.</summary>
    public static bool IsLive(ReleasedEntry released, DateTimeOffset now, TimeSpan grace)
        => grace > TimeSpan.Zero && now - released.ReleasedAt < grace;

    /// <summary>What to remember after a status write.</summary>
    /// <param name="before">The state before the write.</param>
    /// <param name="after">The assignments after it.</param>
    /// <param name="present">The LoadBalancer Services of the snapshot the write is for.</param>
    /// <param name="now">The time of the write.</param>
    /// <param name="grace">How long a release is remembered; zero or less remembers nothing.</param>
    public static ImmutableSortedDictionary<ServiceKey, ReleasedEntry> Next(
        StateContents before,
        IReadOnlyDictionary<ServiceKey, StateEntry> after,
        IReadOnlySet<ServiceKey> present,
        DateTimeOffset now,
        TimeSpan grace)
    {
        if (grace <= TimeSpan.Zero)
        {
            return ImmutableSortedDictionary<ServiceKey, ReleasedEntry>.Empty;
        }

        var held = new HashSet<IPAddress>(after.Values.SelectMany(e => e.Addresses));
        var next = ImmutableSortedDictionary.CreateBuilder<ServiceKey, ReleasedEntry>();
        foreach (var (key, released) in before.Released)
        {
            if (IsLive(released, now, grace) && !after.ContainsKey(key))
            {
                next[key] = released;
            }
        }

        foreach (var (key, entry) in before.Assignments)
        {
            if (!after.ContainsKey(key) && !present.Contains(key) && entry.Addresses.Count > 0)
            {
                next[key] = new ReleasedEntry(entry, now);
            }
        }

        foreach (var (key, released) in next.ToArray())
        {
            if (released.Entry.Addresses.Any(held.Contains))
            {
                next.Remove(key); // another Service holds it now: nothing left to give back
            }
        }

        return next.ToImmutable();
    }
}
