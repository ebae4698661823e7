using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;
using PacketDotNet.Ndp;

namespace Ingot.Plugins.L2.Codec.Tests;

public class NdpCodecTests
{
    private static readonly MacAddress Client = new(0x0200_0000_0064);
    private static readonly MacAddress Node = new(0x0200_0000_000a);
    private static readonly UInt128 ClientIp = Ip("2001:db8::64");
    private static readonly UInt128 Vip = Ip("2001:db8::c8");
    private static readonly UInt128 LinkLocal = Ip("fe80::a");

    private static UInt128 Ip(string s) => Ipv6Addresses.FromIPAddress(IPAddress.Parse(s));

    [Fact]
    public void TryReadSolicitation_Golden_ReadsEveryField()
    {
        Assert.True(NdpCodec.TryReadSolicitation(Frames.Bytes(Frames.NeighborSolicitation), out var ns));
        Assert.Equal(ClientIp, ns.Source);
        Assert.Equal(Ip("ff02::1:ff00:c8"), ns.Destination);
        Assert.Equal(Vip, ns.Target);
        Assert.True(ns.HasSourceLinkLayerAddress);
        Assert.Equal(Client, ns.SourceLinkLayerAddress);
        Assert.Equal(Client, ns.EthernetSource);
        Assert.Equal(new MacAddress(0x3333_ff00_00c8), ns.EthernetDestination);
    }

    [Fact]
    public void WriteSolicitation_MatchesGolden()
    {
        var buffer = Enumerable.Repeat((byte)0xFF, 120).ToArray();
        var n = NdpCodec.WriteSolicitation(buffer, Client, ClientIp, Vip);
        Assert.Equal(Frames.NeighborSolicitation, Convert.ToHexStringLower(buffer, 0, n));
    }

    [Fact]
    public void WriteAdvertisement_Solicited_DirtyBuffer_MatchesGolden()
    {
        var buffer = Enumerable.Repeat((byte)0xFF, 120).ToArray();
        var n = NdpCodec.WriteAdvertisement(buffer, Client, Node, LinkLocal, ClientIp, Vip, NdpCodec.FlagSolicited | NdpCodec.FlagOverride);
        Assert.Equal(NdpCodec.AdvertisementFrameLength, n);
        Assert.Equal(Frames.SolicitedAdvertisement, Convert.ToHexStringLower(buffer, 0, n));
        Assert.All(buffer[n..], b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void WriteAdvertisement_Unsolicited_MatchesGolden()
    {
        var buffer = Enumerable.Repeat((byte)0xFF, 120).ToArray();
        var n = NdpCodec.WriteAdvertisement(buffer, MacAddress.AllNodesMulticast, Node, LinkLocal, Ipv6Addresses.AllNodes, Vip, NdpCodec.FlagOverride);
        Assert.Equal(Frames.UnsolicitedAdvertisement, Convert.ToHexStringLower(buffer, 0, n));
    }

    [Fact]
    public void TryReadSolicitation_EveryTruncation_ReturnsFalse()
    {
        var frame = Frames.Bytes(Frames.NeighborSolicitation);
        for (var i = 0; i < frame.Length; i++)
        {
            Assert.False(NdpCodec.TryReadSolicitation(frame.AsSpan(0, i), out _), $"prefix {i}");
        }
    }

    [Fact]
    public void TryReadAdvertisement_EveryTruncation_ReturnsFalse()
    {
        var frame = Frames.Bytes(Frames.SolicitedAdvertisement);
        Assert.True(NdpCodec.TryReadAdvertisement(frame, out _, out _, out _));
        for (var i = 0; i < frame.Length; i++)
        {
            Assert.False(NdpCodec.TryReadAdvertisement(frame.AsSpan(0, i), out _, out _, out _), $"prefix {i}");
        }
    }

    [Fact]
    public void TryReadSolicitation_HopLimit254_ReturnsFalse()
    {
        // RFC 4861 §7.1.1: a forwarded packet (hop limit below 255) is not from the link.
        var frame = Frames.Bytes(Frames.NeighborSolicitation);
        frame[14 + 7] = 254;
        Assert.False(NdpCodec.TryReadSolicitation(frame, out _));
    }

    [Fact]
    public void TryReadSolicitation_BadChecksum_ReturnsFalse()
    {
        var frame = Frames.Bytes(Frames.NeighborSolicitation);
        frame[14 + 40 + 3] ^= 0x01;
        Assert.False(NdpCodec.TryReadSolicitation(frame, out _));
    }

    [Fact]
    public void TryReadSolicitation_NonZeroCode_ReturnsFalse()
    {
        var frame = Frames.Bytes(Frames.NeighborSolicitation);
        frame[14 + 40 + 1] = 1;
        Fix(frame);
        Assert.False(NdpCodec.TryReadSolicitation(frame, out _));
    }

    [Fact]
    public void TryReadSolicitation_OptionLengthZero_ReturnsFalse()
    {
        // RFC 4861 §4.6: an option with length zero makes the whole packet invalid.
        var frame = Frames.Bytes(Frames.NeighborSolicitation);
        frame[14 + 40 + 24 + 1] = 0;
        Fix(frame);
        Assert.False(NdpCodec.TryReadSolicitation(frame, out _));
    }

    [Fact]
    public void TryReadSolicitation_OptionPastEnd_ReturnsFalse()
    {
        var frame = Frames.Bytes(Frames.NeighborSolicitation);
        frame[14 + 40 + 24 + 1] = 2;
        Fix(frame);
        Assert.False(NdpCodec.TryReadSolicitation(frame, out _));
    }

    [Fact]
    public void TryReadSolicitation_MulticastTarget_ReturnsFalse()
    {
        var frame = Frames.Bytes(Frames.NeighborSolicitation);
        frame[14 + 40 + 8] = 0xFF;
        Fix(frame);
        Assert.False(NdpCodec.TryReadSolicitation(frame, out _));
    }

    [Fact]
    public void TryReadSolicitation_UnknownOptionBeforeSource_SkipsIt()
    {
        // A nonce option (type 14, RFC 3971 §5.3.2, one unit) ahead of the source link-layer option.
        var golden = Frames.Bytes(Frames.NeighborSolicitation);
        var frame = new byte[golden.Length + 8];
        golden.AsSpan(0, 14 + 40 + 24).CopyTo(frame);
        frame[78] = 14;
        frame[79] = 1;
        golden.AsSpan(78).CopyTo(frame.AsSpan(86));
        frame[14 + 5] = 40; // payload length 32 → 40
        Fix(frame);
        Assert.True(NdpCodec.TryReadSolicitation(frame, out var ns));
        Assert.Equal(Client, ns.SourceLinkLayerAddress);
    }

    [Fact]
    public void TryReadSolicitation_DadFromUnspecifiedWithoutOption_ReadsIt()
    {
        var frame = Frames.Bytes(Frames.NeighborSolicitation)[..(14 + 40 + 24)];
        frame.AsSpan(14 + 8, 16).Clear();
        frame[14 + 5] = 24;
        Fix(frame);
        Assert.True(NdpCodec.TryReadSolicitation(frame, out var ns));
        Assert.False(ns.HasSourceLinkLayerAddress);
        Assert.Equal(UInt128.Zero, ns.Source);
    }

    [Fact]
    public void TryReadSolicitation_UnspecifiedSourceWithOption_ReturnsFalse()
    {
        // RFC 4861 §7.1.1: from :: there must be no source link-layer address option.
        var frame = Frames.Bytes(Frames.NeighborSolicitation);
        frame.AsSpan(14 + 8, 16).Clear();
        Fix(frame);
        Assert.False(NdpCodec.TryReadSolicitation(frame, out _));
    }

    [Fact]
    public void TryReadSolicitation_TrailingPadding_Ignored()
    {
        var golden = Frames.Bytes(Frames.NeighborSolicitation);
        var frame = golden.Concat(Enumerable.Repeat((byte)0xAB, 10)).ToArray();
        Assert.True(NdpCodec.TryReadSolicitation(frame, out _));
    }

    [Fact]
    public void TryReadSolicitation_RandomMutations_NeverThrow()
    {
        var random = new Random(6);
        var golden = Frames.Bytes(Frames.NeighborSolicitation);
        for (var i = 0; i < 20_000; i++)
        {
            var frame = golden.AsSpan(0, random.Next(0, golden.Length + 1)).ToArray();
            for (var flips = random.Next(1, 4); flips > 0 && frame.Length > 0; flips--)
            {
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            }

            if (i % 3 == 0 && frame.Length > 20)
            {
                Fix(frame);
            }

            if (NdpCodec.TryReadSolicitation(frame, out var ns))
            {
                Assert.False(Ipv6Addresses.IsMulticast(ns.Target));
            }
        }
    }

    [Fact]
    public void WriteAdvertisement_ParsedByPacketDotNet_FlagsOptionAndChecksumAgree()
    {
        var buffer = new byte[NdpCodec.AdvertisementFrameLength];
        NdpCodec.WriteAdvertisement(buffer, Client, Node, LinkLocal, ClientIp, Vip, NdpCodec.FlagSolicited | NdpCodec.FlagOverride);
        var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, buffer);
        var ip = eth.Extract<IPv6Packet>();
        var icmp = eth.Extract<IcmpV6Packet>();
        var na = Assert.IsType<NdpNeighborAdvertisementPacket>(icmp.PayloadPacket);
        Assert.Equal(255, ip.HopLimit);
        Assert.Equal(IPAddress.Parse("fe80::a"), ip.SourceAddress);
        Assert.Equal(IPAddress.Parse("2001:db8::64"), ip.DestinationAddress);
        Assert.Equal(IcmpV6Type.NeighborAdvertisement, icmp.Type);
        Assert.True(na.Solicited);
        Assert.True(na.Override);
        Assert.False(na.Router);
        Assert.Equal(IPAddress.Parse("2001:db8::c8"), na.TargetAddress);
        var option = Assert.IsType<NdpLinkLayerAddressOption>(Assert.Single(na.OptionsCollection));
        Assert.Equal(OptionTypes.TargetLinkLayerAddress, option.Type);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-0A"), option.LinkLayerAddress);

        var written = icmp.Checksum;
        icmp.UpdateCalculatedValues();
        Assert.Equal(icmp.Checksum, written);
    }

    [Fact]
    public void WriteSolicitation_ParsedByPacketDotNet_ChecksumAgrees()
    {
        var buffer = new byte[NdpCodec.SolicitationFrameLength];
        NdpCodec.WriteSolicitation(buffer, Client, ClientIp, Ip("2001:db8::1234:5678"));
        var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, buffer);
        var icmp = eth.Extract<IcmpV6Packet>();
        var ns = Assert.IsType<NdpNeighborSolicitationPacket>(icmp.PayloadPacket);
        Assert.Equal(IPAddress.Parse("2001:db8::1234:5678"), ns.TargetAddress);
        Assert.Equal(IPAddress.Parse("ff02::1:ff34:5678"), eth.Extract<IPv6Packet>().DestinationAddress);
        var written = icmp.Checksum;
        icmp.UpdateCalculatedValues();
        Assert.Equal(icmp.Checksum, written);
    }

    /// <summary>Recomputes the checksum after a test edited the frame, so only the edited field is wrong.</summary>
    private static void Fix(byte[] frame)
    {
        if (frame.Length < 14 + 40 + 4)
        {
            return;
        }

        var ip = frame.AsSpan(14);
        int payload = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        payload = Math.Min(payload, ip.Length - 40);
        var message = ip.Slice(40, payload);
        if (message.Length < 4)
        {
            return;
        }

        message[2] = 0;
        message[3] = 0;
        var sum = Icmpv6Checksum.Compute(Ipv6Addresses.Read(ip[8..]), Ipv6Addresses.Read(ip[24..]), message);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(message[2..], sum);
    }
}
