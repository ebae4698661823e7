using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;

namespace Ingot.Plugins.L2.Codec.Tests;

public class ArpCodecTests
{
    private static readonly MacAddress Client = new(0x0200_0000_0064);
    private static readonly MacAddress Node = new(0x0200_0000_000a);
    private const uint ClientIp = 0xC000_0264; // 192.0.2.100
    private const uint Vip = 0xC000_02C8; // 192.0.2.200

    [Fact]
    public void TryRead_GoldenRequest_ReadsEveryField()
    {
        Assert.True(ArpCodec.TryRead(Frames.Bytes(Frames.ArpRequest), out var arp));
        Assert.Equal(new ArpPacket(MacAddress.Broadcast, Client, ArpOperation.Request, Client, ClientIp, MacAddress.Zero, Vip), arp);
    }

    [Fact]
    public void TryRead_PaddedTo60Octets_IgnoresPadding()
    {
        var frame = new byte[60];
        Frames.Bytes(Frames.ArpRequest).CopyTo(frame, 0);
        Array.Fill(frame, (byte)0xEE, ArpCodec.FrameLength, 60 - ArpCodec.FrameLength);
        Assert.True(ArpCodec.TryRead(frame, out var arp));
        Assert.Equal(Vip, arp.TargetIp);
    }

    [Fact]
    public void WriteReply_DirtyBuffer_MatchesGoldenBytes()
    {
        var buffer = Enumerable.Repeat((byte)0xFF, 100).ToArray();
        var n = ArpCodec.WriteReply(buffer, Node, Vip, Client, ClientIp);
        Assert.Equal(ArpCodec.FrameLength, n);
        Assert.Equal(Frames.ArpReply, Convert.ToHexStringLower(buffer, 0, n));
        Assert.All(buffer[n..], b => Assert.Equal(0xFF, b));
    }

    [Theory]
    [InlineData(1, Frames.GratuitousRequest)]
    [InlineData(2, Frames.GratuitousReply)]
    public void WriteGratuitous_DirtyBuffer_MatchesMetalLbShape(ushort op, string golden)
    {
        var buffer = Enumerable.Repeat((byte)0xFF, 64).ToArray();
        var n = ArpCodec.WriteGratuitous(buffer, Node, Vip, (ArpOperation)op);
        Assert.Equal(golden, Convert.ToHexStringLower(buffer, 0, n));
    }

    [Theory]
    [InlineData(Frames.ArpRequest)]
    [InlineData(Frames.ArpReply)]
    public void TryRead_EveryTruncation_ReturnsFalse(string golden)
    {
        var frame = Frames.Bytes(golden);
        for (var i = 0; i < frame.Length; i++)
        {
            Assert.False(ArpCodec.TryRead(frame.AsSpan(0, i), out _), $"prefix {i}");
        }
    }

    [Theory]
    [InlineData(12, 0x08, 0x00)] // EtherType IPv4
    [InlineData(14, 0x00, 0x06)] // HTYPE IEEE 802
    [InlineData(16, 0x86, 0xDD)] // PTYPE IPv6
    [InlineData(18, 0x08, 0x04)] // HLEN 8
    [InlineData(20, 0x00, 0x03)] // OPER RARP request
    public void TryRead_WrongField_ReturnsFalse(int offset, byte b0, byte b1)
    {
        var frame = Frames.Bytes(Frames.ArpRequest);
        frame[offset] = b0;
        frame[offset + 1] = b1;
        Assert.False(ArpCodec.TryRead(frame, out _));
    }

    [Fact]
    public void TryRead_RandomFrames_NeverThrows()
    {
        var random = new Random(4);
        var golden = Frames.Bytes(Frames.ArpRequest);
        for (var i = 0; i < 20_000; i++)
        {
            var frame = new byte[random.Next(0, 80)];
            random.NextBytes(frame);
            if (i % 2 == 0 && frame.Length >= 14)
            {
                // Keep a plausible header so the body checks are exercised too.
                golden.AsSpan(0, Math.Min(frame.Length, 22)).CopyTo(frame);
            }

            if (ArpCodec.TryRead(frame, out var arp))
            {
                Assert.True(arp.Operation is ArpOperation.Request or ArpOperation.Reply);
            }
        }
    }

    [Fact]
    public void WriteReply_ParsedByPacketDotNet_AgreesOnEveryField()
    {
        var buffer = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteReply(buffer, Node, Vip, Client, ClientIp);
        var eth = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, buffer);
        var arp = eth.Extract<PacketDotNet.ArpPacket>();
        Assert.Equal(EthernetType.Arp, eth.Type);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-64"), eth.DestinationHardwareAddress);
        Assert.Equal(PacketDotNet.ArpOperation.Response, arp.Operation);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-0A"), arp.SenderHardwareAddress);
        Assert.Equal(IPAddress.Parse("192.0.2.200"), arp.SenderProtocolAddress);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-64"), arp.TargetHardwareAddress);
        Assert.Equal(IPAddress.Parse("192.0.2.100"), arp.TargetProtocolAddress);
    }

    [Fact]
    public void TryRead_RequestBuiltByPacketDotNet_ReadsIt()
    {
        var arp = new PacketDotNet.ArpPacket(
            PacketDotNet.ArpOperation.Request,
            PhysicalAddress.Parse("00-00-00-00-00-00"),
            IPAddress.Parse("192.0.2.201"),
            PhysicalAddress.Parse("02-00-00-00-00-65"),
            IPAddress.Parse("192.0.2.101"));
        var eth = new EthernetPacket(PhysicalAddress.Parse("02-00-00-00-00-65"), PhysicalAddress.Parse("FF-FF-FF-FF-FF-FF"), EthernetType.Arp)
        {
            PayloadPacket = arp,
        };

        Assert.True(ArpCodec.TryRead(eth.Bytes, out var read));
        Assert.Equal(ArpOperation.Request, read.Operation);
        Assert.Equal(0xC000_02C9u, read.TargetIp);
        Assert.Equal(0xC000_0265u, read.SenderIp);
        Assert.Equal(new MacAddress(0x0200_0000_0065), read.SenderHardware);
        Assert.True(read.EthernetDestination.IsBroadcast);
    }
}
