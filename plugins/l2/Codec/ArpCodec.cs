using System.Buffers.Binary;

namespace Ingot.Plugins.L2.Codec;

/// <summary>
/// ARP for IPv4 over Ethernet (RFC 826), after the 14-byte Ethernet header:
/// <code>
///  0                   1                   2                   3
/// +-------------------------------+-------------------------------+
/// | HTYPE = 1 (Ethernet)          | PTYPE = 0x0800 (IPv4)         |
/// +---------------+---------------+-------------------------------+
/// | HLEN = 6      | PLEN = 4      | OPER (1 request, 2 reply)     |
/// +---------------+---------------+-------------------------------+
/// | SHA (6) | SPA (4) | THA (6) | TPA (4)                         |
/// +---------------------------------------------------------------+
/// </code>
/// Pure functions over spans: reading never throws on wire input and returns false for anything that is not a well-formed
/// Ethernet/IPv4 ARP packet; writing fills exactly <see cref="FrameLength"/> bytes.
/// </summary>
internal static class ArpCodec
{
    public const int PacketLength = 28;
    public const int FrameLength = EthernetFrame.HeaderLength + PacketLength;

    private const ushort HardwareTypeEthernet = 1;
    private const int HardwareTypeOffset = 0;
    private const int ProtocolTypeOffset = 2;
    private const int HardwareLengthOffset = 4;
    private const int ProtocolLengthOffset = 5;
    private const int OperationOffset = 6;
    private const int SenderHardwareOffset = 8;
    private const int SenderIpOffset = 14;
    private const int TargetHardwareOffset = 18;
    private const int TargetIpOffset = 24;

    /// <summary>Parses an Ethernet frame carrying an Ethernet/IPv4 ARP request or reply. Trailing bytes (Ethernet padding up
    /// to 60 octets) are ignored.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out ArpPacket packet)
    {
        packet = default;
        if (frame.Length < FrameLength || EthernetFrame.ReadEtherType(frame) != EthernetFrame.EtherTypeArp)
        {
            return false;
        }

        var arp = frame.Slice(EthernetFrame.HeaderLength, PacketLength);

        // RFC 826 "Packet Reception": only the (hardware, protocol) pair we speak, with matching address lengths.
        if (BinaryPrimitives.ReadUInt16BigEndian(arp[HardwareTypeOffset..]) != HardwareTypeEthernet
            || BinaryPrimitives.ReadUInt16BigEndian(arp[ProtocolTypeOffset..]) != EthernetFrame.EtherTypeIPv4
            || arp[HardwareLengthOffset] != MacAddress.Length
            || arp[ProtocolLengthOffset] != 4)
        {
            return false;
        }

        var operation = (ArpOperation)BinaryPrimitives.ReadUInt16BigEndian(arp[OperationOffset..]);
        if (operation is not (ArpOperation.Request or ArpOperation.Reply))
        {
            return false;
        }

        packet = new ArpPacket(
            MacAddress.Read(frame[EthernetFrame.DestinationOffset..]),
            MacAddress.Read(frame[EthernetFrame.SourceOffset..]),
            operation,
            MacAddress.Read(arp[SenderHardwareOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(arp[SenderIpOffset..]),
            MacAddress.Read(arp[TargetHardwareOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(arp[TargetIpOffset..]));
        return true;
    }

    /// <summary>Writes the reply to a request for <paramref name="ourIp"/>: unicast back to the requester, from our MAC
    /// (RFC 826 "Packet Reception": swap sender and target, fill in our hardware address, opcode reply).</summary>
    /// <returns>The frame length.</returns>
    public static int WriteReply(Span<byte> destination, MacAddress ourMac, uint ourIp, MacAddress peerMac, uint peerIp)
        => Write(destination, peerMac, ourMac, ArpOperation.Reply, ourMac, ourIp, peerMac, peerIp);

    /// <summary>Writes one gratuitous ARP packet for <paramref name="ip"/> exactly as MetalLB does: Ethernet broadcast,
    /// sender = target = <paramref name="ip"/>, target hardware = broadcast. A round sends a request and a reply because
    /// hosts differ in which one updates their cache (RFC 5227 §3 discusses both).</summary>
    /// <returns>The frame length.</returns>
    public static int WriteGratuitous(Span<byte> destination, MacAddress ourMac, uint ip, ArpOperation operation)
        => Write(destination, MacAddress.Broadcast, ourMac, operation, ourMac, ip, MacAddress.Broadcast, ip);

    /// <summary>Writes an ARP request (who-has <paramref name="targetIp"/>), broadcast; the benchmark's client uses it.</summary>
    /// <returns>The frame length.</returns>
    public static int WriteRequest(Span<byte> destination, MacAddress ourMac, uint ourIp, uint targetIp)
        => Write(destination, MacAddress.Broadcast, ourMac, ArpOperation.Request, ourMac, ourIp, MacAddress.Zero, targetIp);

    private static int Write(
        Span<byte> destination,
        MacAddress ethernetDestination,
        MacAddress ethernetSource,
        ArpOperation operation,
        MacAddress senderHardware,
        uint senderIp,
        MacAddress targetHardware,
        uint targetIp)
    {
        var frame = destination[..FrameLength];
        EthernetFrame.WriteHeader(frame, ethernetDestination, ethernetSource, EthernetFrame.EtherTypeArp);
        var arp = frame[EthernetFrame.HeaderLength..];
        BinaryPrimitives.WriteUInt16BigEndian(arp[HardwareTypeOffset..], HardwareTypeEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(arp[ProtocolTypeOffset..], EthernetFrame.EtherTypeIPv4);
        arp[HardwareLengthOffset] = MacAddress.Length;
        arp[ProtocolLengthOffset] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[OperationOffset..], (ushort)operation);
        senderHardware.Write(arp[SenderHardwareOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[SenderIpOffset..], senderIp);
        targetHardware.Write(arp[TargetHardwareOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[TargetIpOffset..], targetIp);
        return FrameLength;
    }
}
