using System.Net;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>
/// One <c>spec.addresses</c> entry of an IPAddressPool: a CIDR (host bits cleared) or <c>start-end</c>, summarised into
/// the smallest list of CIDRs covering exactly that range (MetalLB <c>config.ParseCIDR</c> with <c>ipaddr.Summarize</c>).
/// </summary>
internal static class AddressRangeParser
{
    public static bool TryParse(string entry, out List<IPNetwork> networks, out string? error)
    {
        networks = [];
        error = null;

        // Sources map YAML by hand; a null list item (`- ~`) reads as an empty entry rather than a crash.
        entry ??= string.Empty;
        if (!entry.Contains('-', StringComparison.Ordinal))
        {
            if (!IPText.TryParseCidr(entry, out var network))
            {
                error = $"invalid CIDR \"{entry}\"";
                return false;
            }

            networks.Add(network);
            return true;
        }

        var dash = entry.IndexOf('-', StringComparison.Ordinal);
        var startText = entry[..dash];
        var endText = entry[(dash + 1)..];
        if (!IPText.TryParseAddress(startText.Trim(), out var start))
        {
            error = $"invalid IP range \"{entry}\": invalid start IP \"{startText}\"";
            return false;
        }

        if (!IPText.TryParseAddress(endText.Trim(), out var end))
        {
            error = $"invalid IP range \"{entry}\": invalid end IP \"{endText}\"";
            return false;
        }

        if (start.AddressFamily != end.AddressFamily)
        {
            error = $"invalid IP range \"{entry}\": start IP \"{start}\" and end IP \"{end}\" are not of the same family";
            return false;
        }

        if (IPText.ToUInt128(start) > IPText.ToUInt128(end))
        {
            error = $"invalid IP range \"{entry}\": start IP \"{start}\" is after the end IP \"{end}\"";
            return false;
        }

        networks = Summarize(start, end);
        return true;
    }

    /// <summary>The minimal CIDR list covering <paramref name="start"/>..<paramref name="end"/> inclusive, ascending.</summary>
    public static List<IPNetwork> Summarize(IPAddress start, IPAddress end)
    {
        var family = start.AddressFamily;
        var bits = IPText.Bits(start);
        var current = IPText.ToUInt128(start);
        var last = IPText.ToUInt128(end);
        var result = new List<IPNetwork>();
        while (true)
        {
            // The largest aligned block starting at `current` that does not pass `last`.
            var size = current == 0 ? bits : Math.Min(bits, (int)UInt128.TrailingZeroCount(current));
            while (size > 0 && last - current < HostMask(size))
            {
                size--;
            }

            result.Add(new IPNetwork(IPText.FromUInt128(current, family), bits - size));
            var blockLast = current + HostMask(size);
            if (blockLast >= last)
            {
                return result;
            }

            current = blockLast + 1;
        }
    }

    public static bool Overlap(IPNetwork a, IPNetwork b)
        => a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily
           && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    private static UInt128 HostMask(int size) => size >= 128 ? UInt128.MaxValue : (UInt128.One << size) - 1;
}
