using System.Buffers.Binary;

namespace Ingot.Plugins.L2.Codec;

/// <summary>
/// Ethernet II framing (IEEE 802.3 §3.1, EtherType per RFC 894):
/// <code>
/// +-------------------+-------------------+-------------+------------------
/// | destination (6)   | source (6)        | EtherType(2)| payload ...
/// +-------------------+-------------------+-------------+------------------
/// </code>
/// No 802.1Q tag is parsed: on Linux the kernel strips VLAN tags into packet metadata before packet sockets see them, and a
/// tagged frame seen here is simply not for us.
/// </summary>
internal static class EthernetFrame
{
    public const int HeaderLength = 14;
    public const int DestinationOffset = 0;
    public const int SourceOffset = 6;
    public const int EtherTypeOffset = 12;

    public const ushort EtherTypeIPv4 = 0x0800;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeIPv6 = 0x86DD;

    public static ushort ReadEtherType(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt16BigEndian(frame[EtherTypeOffset..]);

    public static void WriteHeader(Span<byte> frame, MacAddress destination, MacAddress source, ushort etherType)
    {
        destination.Write(frame[DestinationOffset..]);
        source.Write(frame[SourceOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[EtherTypeOffset..], etherType);
    }
}
