using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>
/// Address text parsing with Go's <c>net.ParseIP</c> / <c>net.ParseCIDR</c> strictness: IPv4 only as four decimal octets
/// without leading zeros (BCL <see cref="IPAddress.TryParse(string, out IPAddress)"/> also takes <c>1.2.3</c> or <c>0x7f.1</c>),
/// IPv6 without zone or brackets.
/// </summary>
internal static class IPText
{
    public static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.IsEmpty)
        {
            return false;
        }

        if (text.Contains(':'))
        {
            if (text.ContainsAny('%', '[', ']') || !IPAddress.TryParse(text, out var v6)
                || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        Span<byte> bytes = stackalloc byte[4];
        var part = 0;
        foreach (var range in text.Split('.'))
        {
            if (part == 4)
            {
                return false;
            }

            var octet = text[range];
            if (octet.IsEmpty || octet.Length > 3 || (octet.Length > 1 && octet[0] == '0')
                || !byte.TryParse(octet, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[part]))
            {
                return false;
            }

            part++;
        }

        if (part != 4)
        {
            return false;
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>Parses <c>address/length</c> (length in decimal without leading zeros, as Go's netip); host bits are cleared as
    /// Go's ParseCIDR does for the returned network.</summary>
    public static bool TryParseCidr(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseAddress(text.AsSpan(0, slash), out var address))
        {
            return false;
        }

        var lengthText = text.AsSpan(slash + 1);
        var bits = Bits(address);
        if (lengthText.IsEmpty || lengthText.Length > 3 || (lengthText.Length > 1 && lengthText[0] == '0')
            || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > bits)
        {
            return false;
        }

        network = Network(address, length);
        return true;
    }

    public static int Bits(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;

    public static bool IsV4(IPNetwork network) => network.BaseAddress.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>The network of the given length containing the address (host bits cleared).</summary>
    public static IPNetwork Network(IPAddress address, int length)
    {
        var bits = Bits(address);
        var value = ToUInt128(address);
        var mask = length == 0 ? UInt128.Zero : UInt128.MaxValue << (bits - length);
        if (bits == 32)
        {
            mask &= uint.MaxValue;
        }

        return new IPNetwork(FromUInt128(value & mask, address.AddressFamily), length);
    }

    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 value = 0;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    public static IPAddress FromUInt128(UInt128 value, AddressFamily family)
    {
        var length = family == AddressFamily.InterNetwork ? 4 : 16;
        Span<byte> bytes = stackalloc byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }
}
