using Ingot.Plugins.Ipam.Addressing;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>
/// The pools of one run, with an index from address to CIDR block (blocks never overlap, so a binary search over blocks
/// sorted by first address finds the only candidate) and the two automatic-allocation pool lists.
/// </summary>
internal sealed class PoolSet
{
    private readonly Dictionary<string, PoolState> _byName;
    private readonly CidrBlock[] _sorted;

    public PoolSet(MetalLbConfiguration configuration)
    {
        All = configuration.Pools.Values
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new PoolState(p))
            .ToArray();
        _byName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _sorted = All.SelectMany(p => p.Blocks)
            .OrderBy(b => b.IsIPv6)
            .ThenBy(b => b.First)
            .ToArray();
        Restricted = All.Where(p => p.Config.Allocation is not null)
            .OrderBy(p => p.Config.Allocation!.Priority > 0 ? 0 : 1)
            .ThenBy(p => p.Config.Allocation!.Priority)
            .ToArray();
        Unrestricted = All.Where(p => p.Config.AutoAssign && p.Config.Allocation is null).ToArray();
    }

    /// <summary>Every pool, in name order.</summary>
    public IReadOnlyList<PoolState> All { get; }

    /// <summary>
    /// Pools with a serviceAllocation in MetalLB's <c>sortPools</c> order: priority &gt; 0 ascending first, 0 ("no priority")
    /// last; equal priorities by name (OrderBy is stable over the name order), where MetalLB's unstable sort leaves them to
    /// chance.
    /// </summary>
    public IReadOnlyList<PoolState> Restricted { get; }

    /// <summary>MetalLB's second phase: auto-assign pools without serviceAllocation. MetalLB walks them in map order;
    /// Ingot in name order, so the answer does not depend on chance.</summary>
    public IReadOnlyList<PoolState> Unrestricted { get; }

    public bool IsEmpty => All.Count == 0;

    public bool TryGet(string name, out PoolState pool) => _byName.TryGetValue(name, out pool!);

    /// <summary>The block containing the address, or null when no pool does.</summary>
    public CidrBlock? Find(Address128 address)
    {
        int lo = 0, hi = _sorted.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var block = _sorted[mid];
            var c = block.IsIPv6 != address.IsIPv6 ? block.IsIPv6.CompareTo(address.IsIPv6) : block.First.CompareTo(address.Value);
            if (c <= 0)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && _sorted[found].Contains(address) ? _sorted[found] : null;
    }
}
