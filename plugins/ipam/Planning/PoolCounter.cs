using Ingot.Plugins.Ipam.Addressing;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>MetalLB's <c>poolCount</c>: how many usable addresses a pool has, per family.</summary>
internal static class PoolCounter
{
    public static (long IPv4, long IPv6) Count(AddressPool pool)
    {
        long v4 = 0, v6 = 0;
        foreach (var network in pool.Cidrs)
        {
            var first = Address128.From(network.BaseAddress);
            var bits = first.IsIPv6 ? 128 : 32;
            var hostBits = bits - network.PrefixLength;
            if (hostBits >= 62)
            {
                // MetalLB: "an enormous ipv6 range is allocated which will never run out" — count it as MaxInt64.
                v6 = long.MaxValue;
                continue;
            }

            var size = 1L << hostBits;
            if (pool.AvoidBuggyIPs && !first.IsIPv6)
            {
                if (network.PrefixLength <= 24)
                {
                    // One .0 and one .255 in every /24 the block spans.
                    size -= (1L << (24 - network.PrefixLength)) * 2;
                }
                else
                {
                    var mask = (UInt128.One << hostBits) - 1;
                    var start = new Address128(false, first.Value & ~mask);
                    var end = new Address128(false, start.Value | mask);
                    size -= (start.IsBuggy ? 1 : 0) + (end.IsBuggy ? 1 : 0);

                    // MetalLB subtracts twice for a /32 holding a .0 or .255 and reports -1; no count goes below zero here.
                    size = Math.Max(size, 0);
                }
            }

            if (first.IsIPv6)
            {
                v6 = SaturatingAdd(v6, size);
            }
            else
            {
                v4 += size;
            }
        }

        return (v4, v6);
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
