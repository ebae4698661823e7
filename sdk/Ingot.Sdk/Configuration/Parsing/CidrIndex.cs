using System.Net;
using System.Net.Sockets;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>
/// The CIDRs defined so far, in definition order, answering "which is the first defined one that overlaps this?" in
/// logarithmic time instead of a scan: two CIDRs overlap only when one contains the other, so the earlier ones that
/// overlap a CIDR are its supernets (one lookup per shorter prefix length) and the ones starting inside it (a range of
/// the sorted starts). Pool validation over thousands of pools stays fast (the admission webhook parses on every review).
/// </summary>
internal sealed class CidrIndex
{
    private readonly List<IPNetwork> _defined = [];
    private readonly Dictionary<(AddressFamily Family, int Prefix, UInt128 Start), int> _byNetwork = [];
    private readonly SortedSet<(AddressFamily Family, UInt128 Start, int Index)> _byStart = new();

    public void Add(IPNetwork cidr)
    {
        var index = _defined.Count;
        _defined.Add(cidr);
        var start = IPText.ToUInt128(cidr.BaseAddress);
        _byNetwork.TryAdd((cidr.BaseAddress.AddressFamily, cidr.PrefixLength, start), index);
        _byStart.Add((cidr.BaseAddress.AddressFamily, start, index));
    }

    /// <summary>The first defined CIDR overlapping <paramref name="cidr"/>, or null.</summary>
    public IPNetwork? FirstOverlap(IPNetwork cidr)
    {
        var family = cidr.BaseAddress.AddressFamily;
        var bits = family == AddressFamily.InterNetwork ? 32 : 128;
        var start = IPText.ToUInt128(cidr.BaseAddress);
        var hostBits = bits - cidr.PrefixLength;
        var end = start | (hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1);
        var first = int.MaxValue;

        // Supernets, and the same CIDR, at every prefix length up to this one's.
        for (var prefix = 0; prefix <= cidr.PrefixLength; prefix++)
        {
            var mask = prefix == 0 ? UInt128.Zero : ~((UInt128.One << (bits - prefix)) - 1) & (bits == 32 ? (UInt128)uint.MaxValue : UInt128.MaxValue);
            if (_byNetwork.TryGetValue((family, prefix, start & mask), out var index) && index < first)
            {
                first = index;
            }
        }

        // Subnets: every CIDR starting inside this one.
        foreach (var (_, _, index) in _byStart.GetViewBetween((family, start, 0), (family, end, int.MaxValue)))
        {
            first = Math.Min(first, index);
        }

        return first == int.MaxValue ? null : _defined[first];
    }
}
