using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Ingot.Plugins.Bgp.Codec;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>
/// What one sync puts on the wire, planned from what the peer holds and what it should hold: the prefixes to withdraw and,
/// per attribute set and family, the prefixes to announce. Each list is sorted, so UPDATEs pack neighbouring prefixes.
/// </summary>
internal sealed class SyncPlan
{
    private SyncPlan(BgpPrefix[] withdraw, List<SyncGroup> announce)
    {
        Withdraw = withdraw;
        Announce = announce;
    }

    /// <summary>Prefixes the peer holds that it should not (both families, IPv4 first).</summary>
    public BgpPrefix[] Withdraw { get; }

    /// <summary>Prefixes to announce, one group per attribute set and family.</summary>
    public IReadOnlyList<SyncGroup> Announce { get; }

    /// <summary>Plans a sync: everything desired when <paramref name="full"/>, else only what changed.</summary>
    /// <remarks>
    /// The first full sync of a session runs once, on code the JIT has not tiered up yet; the loops here and in the UPDATE
    /// writer are compiled optimized straight away so a large initial table is not encoded by unoptimized code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SyncPlan Create(IReadOnlyDictionary<BgpPrefix, RouteEntry> sent, ImmutableDictionary<BgpPrefix, RouteEntry> desired, bool full, bool ipv4, bool ipv6)
    {
        var withdraw = new List<BgpPrefix>();
        foreach (var prefix in sent.Keys)
        {
            if (!desired.ContainsKey(prefix))
            {
                withdraw.Add(prefix);
            }
        }

        // Neighbouring prefixes mostly share one attribute set: compare with the last group before hashing.
        var groups = new Dictionary<(RouteEntry Entry, bool IsIPv6), List<BgpPrefix>>();
        List<BgpPrefix>? last = null;
        (RouteEntry Entry, bool IsIPv6) lastKey = default;
        foreach (var (prefix, entry) in desired)
        {
            if (prefix.IsIPv6 ? !ipv6 : !ipv4)
            {
                continue;
            }

            if (!full && sent.TryGetValue(prefix, out var held) && held.Equals(entry))
            {
                continue;
            }

            if (last is null || lastKey.IsIPv6 != prefix.IsIPv6 || !entry.Equals(lastKey.Entry))
            {
                lastKey = (entry, prefix.IsIPv6);
                if (!groups.TryGetValue(lastKey, out last))
                {
                    groups[lastKey] = last = [];
                }
            }

            last.Add(prefix);
        }

        var withdrawArray = withdraw.ToArray();
        Array.Sort(withdrawArray);
        var announce = new List<SyncGroup>(groups.Count);
        foreach (var ((entry, isIPv6), prefixes) in groups)
        {
            var array = prefixes.ToArray();
            Array.Sort(array);
            announce.Add(new SyncGroup(entry, isIPv6, array));
        }

        // IPv4 groups first, then by their first prefix: a deterministic order for the wire and for tests.
        announce.Sort(static (a, b) => a.IsIPv6 != b.IsIPv6 ? a.IsIPv6.CompareTo(b.IsIPv6) : a.Prefixes[0].CompareTo(b.Prefixes[0]));
        return new SyncPlan(withdrawArray, announce);
    }
}
