using System.Net;
using Ingot.Plugins.Ipam.Addressing;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>
/// One CIDR of a pool during one allocation run. Finding the lowest free address never walks the pool: a cursor marks the
/// point below which every address is used (or unusable), and because a run only ever adds uses, the cursor only moves
/// forward, stepping over each used address at most once. Addresses shared under a sharing key are indexed by key, so a
/// Service that may share finds the lowest shareable address without looking at the rest.
/// </summary>
internal sealed class CidrBlock
{
    private readonly UInt128 _last;
    private UInt128 _cursor;
    private bool _exhausted;
    private UInt128 _freshCursor;
    private bool _freshExhausted;
    private Dictionary<string, SortedSet<UInt128>>? _shared;

    public CidrBlock(PoolState pool, IPNetwork network)
    {
        Pool = pool;
        Network = network;
        var baseAddress = Address128.From(network.BaseAddress);
        IsIPv6 = baseAddress.IsIPv6;
        var bits = IsIPv6 ? 128 : 32;
        HostBits = bits - network.PrefixLength;
        var hostMask = HostBits == 128 ? UInt128.MaxValue : (UInt128.One << HostBits) - 1;
        First = baseAddress.Value & ~hostMask;
        _last = First | hostMask;
        _cursor = First;
        _freshCursor = First;
    }

    public PoolState Pool { get; }

    public IPNetwork Network { get; }

    public bool IsIPv6 { get; }

    public int HostBits { get; }

    public UInt128 First { get; }

    public UInt128 Last => _last;

    public IpFamily Family => IsIPv6 ? IpFamily.IPv6 : IpFamily.IPv4;

    public bool Contains(Address128 address) => address.IsIPv6 == IsIPv6 && address.Value >= First && address.Value <= _last;

    /// <summary>The lowest address that nobody uses and the pool may hand out, or null when the block is full.</summary>
    public Address128? LowestFree(Dictionary<Address128, AddressUse> uses, bool avoidBuggyIPs)
    {
        while (!_exhausted)
        {
            var candidate = new Address128(IsIPv6, _cursor);
            if (!(avoidBuggyIPs && candidate.IsBuggy) && !uses.ContainsKey(candidate))
            {
                return candidate;
            }

            if (_cursor == _last)
            {
                _exhausted = true;
            }
            else
            {
                _cursor++;
            }
        }

        return null;
    }

    /// <summary>
    /// The lowest address that nobody uses, the pool may hand out, and no departed Service is remembered with, or null.
    /// A second cursor, for the same reason as the first: the remembered set is fixed for a run and uses only grow.
    /// </summary>
    public Address128? LowestFresh(Dictionary<Address128, AddressUse> uses, bool avoidBuggyIPs, HashSet<Address128> remembered)
    {
        if (remembered.Count == 0)
        {
            return LowestFree(uses, avoidBuggyIPs);
        }

        while (!_freshExhausted)
        {
            var candidate = new Address128(IsIPv6, _freshCursor);
            if (!(avoidBuggyIPs && candidate.IsBuggy) && !uses.ContainsKey(candidate) && !remembered.Contains(candidate))
            {
                return candidate;
            }

            if (_freshCursor == _last)
            {
                _freshExhausted = true;
            }
            else
            {
                _freshCursor++;
            }
        }

        return null;
    }

    /// <summary>Records that an address of this block is now used under a sharing key.</summary>
    public void RegisterShared(string sharingKey, UInt128 value)
    {
        _shared ??= new Dictionary<string, SortedSet<UInt128>>(StringComparer.Ordinal);
        if (!_shared.TryGetValue(sharingKey, out var set))
        {
            set = [];
            _shared[sharingKey] = set;
        }

        set.Add(value);
    }

    /// <summary>Addresses used under <paramref name="sharingKey"/>, lowest first, below <paramref name="below"/> (all when null).</summary>
    public IEnumerable<Address128> SharedBelow(string sharingKey, Address128? below)
    {
        if (_shared is null || !_shared.TryGetValue(sharingKey, out var set) || set.Count == 0)
        {
            return [];
        }

        IEnumerable<UInt128> values = set;
        if (below is { } limit)
        {
            if (limit.Value <= set.Min)
            {
                return [];
            }

            values = set.GetViewBetween(set.Min, limit.Value - 1);
        }

        return values.Select(v => new Address128(IsIPv6, v));
    }
}
