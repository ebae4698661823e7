using System.Buffers.Binary;
using System.Globalization;

namespace Ingot.Bench.Failover;

/// <summary>
/// The two ARP frames the prober needs: the broadcast request it sends, and the fields of any ARP packet it reads
/// (Ethernet II, hardware type Ethernet, protocol IPv4). Written here rather than borrowed from the l2 plugin, whose
/// codec is internal, so that the measuring side shares no code with the side it measures.
/// </summary>
internal static class ArpFrame
{
    public const int Length = 14 + 28;
    private const ushort EtherTypeArp = 0x0806;

    /// <summary>A who-has request for <paramref name="target"/> from <paramref name="mac"/>/<paramref name="source"/>.</summary>
    public static byte[] Request(ulong mac, uint source, uint target)
    {
        var f = new byte[Length];
        WriteMac(f, 0xFFFF_FFFF_FFFFUL);
        WriteMac(f.AsSpan(6), mac);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), EtherTypeArp);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(14), 1); // hardware: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), 0x0800); // protocol: IPv4
        f[18] = 6;
        f[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(20), 1); // request
        WriteMac(f.AsSpan(22), mac);
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(28), source);
        // target hardware stays zero, as in every who-has
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(38), target);
        return f;
    }

    /// <summary>The operation, sender MAC and sender IPv4 of an ARP frame; false for anything else.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out ushort operation, out ulong senderMac, out uint senderIp)
    {
        operation = 0;
        senderMac = 0;
        senderIp = 0;
        if (frame.Length < Length || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EtherTypeArp
            || BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) != 1 || BinaryPrimitives.ReadUInt16BigEndian(frame[16..]) != 0x0800
            || frame[18] != 6 || frame[19] != 4)
        {
            return false;
        }

        operation = BinaryPrimitives.ReadUInt16BigEndian(frame[20..]);
        senderMac = ReadMac(frame[22..]);
        senderIp = BinaryPrimitives.ReadUInt32BigEndian(frame[28..]);
        return true;
    }

    public static ulong ReadMac(ReadOnlySpan<byte> s)
        => ((ulong)BinaryPrimitives.ReadUInt16BigEndian(s) << 32) | BinaryPrimitives.ReadUInt32BigEndian(s[2..]);

    public static string FormatMac(ulong mac)
        => string.Join(':', Enumerable.Range(0, 6).Select(i => ((byte)(mac >> (40 - (8 * i)))).ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>Parses <c>aa:bb:cc:dd:ee:ff</c>; the error names the option it came from.</summary>
    public static ulong ParseMac(string text, string option)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length != 6)
        {
            throw new FormatException($"{option}: '{text}' is not a MAC address (aa:bb:cc:dd:ee:ff)");
        }

        ulong value = 0;
        foreach (var p in parts)
        {
            if (p.Length != 2 || !byte.TryParse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                throw new FormatException($"{option}: '{text}' is not a MAC address (aa:bb:cc:dd:ee:ff)");
            }

            value = (value << 8) | b;
        }

        return value;
    }

    private static void WriteMac(Span<byte> d, ulong mac)
    {
        BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)(mac >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(d[2..], (uint)mac);
    }
}
