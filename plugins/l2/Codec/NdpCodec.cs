using System.Buffers.Binary;

namespace Ingot.Plugins.L2.Codec;

/// <summary>
/// Neighbor Solicitation / Advertisement (RFC 4861 §4.3, §4.4) in IPv6 (RFC 8200 §3) over Ethernet:
/// <code>
/// IPv6:   | ver=6 | class | flow (20) | payload length (16) | next header = 58 | hop limit = 255 |
///         | source (128) | destination (128) |
/// ICMPv6: | type (135 NS / 136 NA) | code = 0 | checksum (16) |
///         | NS: reserved (32)  /  NA: R S O flags (3 bits) + reserved (29) |
///         | target address (128) |
///         | options: type (8) | length in 8-octet units (8) | value ... |
/// </code>
/// Reading never throws on wire input and returns false for anything RFC 4861 §7.1.1 says to discard. Extension headers are
/// not walked: an NS carrying one is dropped (none is expected on a link-local NDP exchange).
/// </summary>
internal static class NdpCodec
{
    public const int Ipv6HeaderLength = 40;
    public const int NeighborMessageLength = 24;
    public const int LinkLayerOptionLength = 8;

    /// <summary>Ethernet + IPv6 + NA with one target link-layer option.</summary>
    public const int AdvertisementFrameLength = EthernetFrame.HeaderLength + Ipv6HeaderLength + NeighborMessageLength + LinkLayerOptionLength;

    /// <summary>Ethernet + IPv6 + NS with one source link-layer option.</summary>
    public const int SolicitationFrameLength = AdvertisementFrameLength;

    public const byte TypeNeighborSolicitation = 135;
    public const byte TypeNeighborAdvertisement = 136;
    public const byte OptionSourceLinkLayerAddress = 1;
    public const byte OptionTargetLinkLayerAddress = 2;

    public const byte FlagRouter = 0x80;
    public const byte FlagSolicited = 0x40;
    public const byte FlagOverride = 0x20;

    private const byte NextHeaderIcmpv6 = 58;
    private const byte NdpHopLimit = 255;
    private const int PayloadLengthOffset = 4;
    private const int NextHeaderOffset = 6;
    private const int HopLimitOffset = 7;
    private const int SourceOffset = 8;
    private const int DestinationOffset = 24;
    private const int ChecksumOffset = 2;
    private const int FlagsOffset = 4;
    private const int TargetOffset = 8;

    /// <summary>Parses and validates a Neighbor Solicitation per RFC 4861 §7.1.1.</summary>
    public static bool TryReadSolicitation(ReadOnlySpan<byte> frame, out NeighborSolicitation solicitation)
    {
        solicitation = default;
        if (frame.Length < EthernetFrame.HeaderLength + Ipv6HeaderLength + NeighborMessageLength
            || EthernetFrame.ReadEtherType(frame) != EthernetFrame.EtherTypeIPv6)
        {
            return false;
        }

        var ip = frame[EthernetFrame.HeaderLength..];
        if ((ip[0] >> 4) != 6 || ip[NextHeaderOffset] != NextHeaderIcmpv6)
        {
            return false;
        }

        // RFC 4861 §7.1.1: the IP Hop Limit field has a value of 255, i.e. the packet could not have been forwarded.
        if (ip[HopLimitOffset] != NdpHopLimit)
        {
            return false;
        }

        // The payload length bounds the message; anything after it is Ethernet padding.
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[PayloadLengthOffset..]);
        if (payloadLength > ip.Length - Ipv6HeaderLength)
        {
            return false;
        }

        var message = ip.Slice(Ipv6HeaderLength, payloadLength);

        // RFC 4861 §7.1.1: ICMP length (derived from the IP length) is 24 or more octets; ICMP Code is 0.
        if (message.Length < NeighborMessageLength || message[0] != TypeNeighborSolicitation || message[1] != 0)
        {
            return false;
        }

        var source = Ipv6Addresses.Read(ip[SourceOffset..]);
        var destination = Ipv6Addresses.Read(ip[DestinationOffset..]);

        // RFC 4861 §7.1.1: the ICMP checksum is valid.
        if (!Icmpv6Checksum.IsValid(source, destination, message))
        {
            return false;
        }

        // RFC 4861 §7.1.1: Target Address is not a multicast address.
        var target = Ipv6Addresses.Read(message[TargetOffset..]);
        if (Ipv6Addresses.IsMulticast(target))
        {
            return false;
        }

        if (!TryReadLinkLayerOption(message[NeighborMessageLength..], OptionSourceLinkLayerAddress, out var hasSourceLinkLayer, out var sourceLinkLayer))
        {
            return false;
        }

        // RFC 4861 §7.1.1: from the unspecified address (Duplicate Address Detection), the destination is a solicited-node
        // multicast address and there is no source link-layer address option.
        if (source == UInt128.Zero && (hasSourceLinkLayer || destination != Ipv6Addresses.SolicitedNode(destination)))
        {
            return false;
        }

        solicitation = new NeighborSolicitation(
            MacAddress.Read(frame[EthernetFrame.DestinationOffset..]),
            MacAddress.Read(frame[EthernetFrame.SourceOffset..]),
            source,
            destination,
            target,
            hasSourceLinkLayer,
            sourceLinkLayer);
        return true;
    }

    /// <summary>Writes a Neighbor Advertisement for <paramref name="target"/> with a target link-layer address option
    /// (RFC 4861 §4.4, §7.2.4), hop limit 255 and a correct checksum.</summary>
    /// <returns>The frame length, <see cref="AdvertisementFrameLength"/>.</returns>
    public static int WriteAdvertisement(
        Span<byte> destination,
        MacAddress ethernetDestination,
        MacAddress ourMac,
        UInt128 sourceIp,
        UInt128 destinationIp,
        UInt128 target,
        byte flags)
        => WriteNeighborMessage(destination, ethernetDestination, ourMac, sourceIp, destinationIp, TypeNeighborAdvertisement, flags, target, OptionTargetLinkLayerAddress);

    /// <summary>Writes a Neighbor Solicitation for <paramref name="target"/> to its solicited-node group, with a source
    /// link-layer address option (RFC 4861 §7.2.2). Used by tests and the benchmark's client.</summary>
    /// <returns>The frame length, <see cref="SolicitationFrameLength"/>.</returns>
    public static int WriteSolicitation(Span<byte> destination, MacAddress ourMac, UInt128 sourceIp, UInt128 target)
    {
        var group = Ipv6Addresses.SolicitedNode(target);
        return WriteNeighborMessage(destination, Ipv6Addresses.MulticastMac(group), ourMac, sourceIp, group, TypeNeighborSolicitation, 0, target, OptionSourceLinkLayerAddress);
    }

    /// <summary>Parses an NA's flags, target and target link-layer option (no checks beyond structure and checksum); used
    /// by tests and the benchmark's client.</summary>
    public static bool TryReadAdvertisement(ReadOnlySpan<byte> frame, out byte flags, out UInt128 target, out MacAddress targetLinkLayer)
    {
        flags = 0;
        target = default;
        targetLinkLayer = default;
        if (frame.Length < EthernetFrame.HeaderLength + Ipv6HeaderLength + NeighborMessageLength
            || EthernetFrame.ReadEtherType(frame) != EthernetFrame.EtherTypeIPv6)
        {
            return false;
        }

        var ip = frame[EthernetFrame.HeaderLength..];
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[PayloadLengthOffset..]);
        if ((ip[0] >> 4) != 6 || ip[NextHeaderOffset] != NextHeaderIcmpv6 || ip[HopLimitOffset] != NdpHopLimit
            || payloadLength > ip.Length - Ipv6HeaderLength)
        {
            return false;
        }

        var message = ip.Slice(Ipv6HeaderLength, payloadLength);
        if (message.Length < NeighborMessageLength || message[0] != TypeNeighborAdvertisement || message[1] != 0
            || !Icmpv6Checksum.IsValid(Ipv6Addresses.Read(ip[SourceOffset..]), Ipv6Addresses.Read(ip[DestinationOffset..]), message))
        {
            return false;
        }

        if (!TryReadLinkLayerOption(message[NeighborMessageLength..], OptionTargetLinkLayerAddress, out var has, out targetLinkLayer) || !has)
        {
            return false;
        }

        flags = message[FlagsOffset];
        target = Ipv6Addresses.Read(message[TargetOffset..]);
        return true;
    }

    /// <summary>Walks the options as type/length TLVs in 8-octet units (RFC 4861 §4.6) and picks the first link-layer
    /// option of <paramref name="wanted"/> type. Fails on a zero length (RFC 4861 §4.6: "nodes MUST silently discard an ND
    /// packet that contains an option with length zero") or an option running past the end.</summary>
    private static bool TryReadLinkLayerOption(ReadOnlySpan<byte> options, byte wanted, out bool found, out MacAddress mac)
    {
        found = false;
        mac = default;
        while (!options.IsEmpty)
        {
            if (options.Length < 2)
            {
                return false;
            }

            var length = options[1] * 8;
            if (length == 0 || length > options.Length)
            {
                return false;
            }

            if (options[0] == wanted && !found)
            {
                // RFC 2464 §8: on Ethernet the link-layer address option is exactly one unit (type, length, 6-octet MAC).
                if (length != LinkLayerOptionLength)
                {
                    return false;
                }

                mac = MacAddress.Read(options[2..]);
                found = true;
            }

            options = options[length..];
        }

        return true;
    }

    private static int WriteNeighborMessage(
        Span<byte> destination,
        MacAddress ethernetDestination,
        MacAddress ourMac,
        UInt128 sourceIp,
        UInt128 destinationIp,
        byte type,
        byte flags,
        UInt128 target,
        byte linkLayerOption)
    {
        const int payloadLength = NeighborMessageLength + LinkLayerOptionLength;
        var frame = destination[..AdvertisementFrameLength];
        EthernetFrame.WriteHeader(frame, ethernetDestination, ourMac, EthernetFrame.EtherTypeIPv6);

        var ip = frame[EthernetFrame.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(ip, 0x6000_0000); // version 6, traffic class 0, flow label 0
        BinaryPrimitives.WriteUInt16BigEndian(ip[PayloadLengthOffset..], payloadLength);
        ip[NextHeaderOffset] = NextHeaderIcmpv6;
        ip[HopLimitOffset] = NdpHopLimit; // RFC 4861 §7.1.1 / §7.1.2: receivers discard anything else
        Ipv6Addresses.Write(ip[SourceOffset..], sourceIp);
        Ipv6Addresses.Write(ip[DestinationOffset..], destinationIp);

        var message = ip.Slice(Ipv6HeaderLength, payloadLength);
        message[0] = type;
        message[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message[ChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(message[FlagsOffset..], (uint)flags << 24);
        Ipv6Addresses.Write(message[TargetOffset..], target);
        var option = message[NeighborMessageLength..];
        option[0] = linkLayerOption;
        option[1] = 1;
        ourMac.Write(option[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[ChecksumOffset..], Icmpv6Checksum.Compute(sourceIp, destinationIp, message));
        return AdvertisementFrameLength;
    }
}
