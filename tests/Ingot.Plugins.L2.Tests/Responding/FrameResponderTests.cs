using System.Net;
using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Responding.Tests;

public class FrameResponderTests
{
    private static readonly MacAddress Node = new(0x0200_0000_000a);
    private static readonly UInt128 LinkLocal = Ipv6Addresses.FromIPAddress(IPAddress.Parse("fe80::a"));

    private static ResponderTable Table(params string[] addresses)
        => new(Node, LinkLocal, addresses.Select(a => new AnnouncedAddress(IPAddress.Parse(a), [], [new("default", "web")])));

    [Fact]
    public void TryRespond_ArpRequestForAnnouncedIp_GoldenReply()
    {
        var reply = new byte[FrameResponder.MaxReplyLength];
        Assert.True(FrameResponder.TryRespond(Frames.Bytes(Frames.ArpRequest), Table("192.0.2.200"), reply, out var n, out var address));
        Assert.Equal(Frames.ArpReply, Convert.ToHexStringLower(reply, 0, n));
        Assert.Equal("192.0.2.200", address!.Text);
    }

    [Fact]
    public void TryRespond_ArpRequestForOtherIp_NoReply()
    {
        Assert.False(FrameResponder.TryRespond(Frames.Bytes(Frames.ArpRequest), Table("192.0.2.201"), new byte[128], out _, out _));
    }

    [Fact]
    public void TryRespond_ArpRequestUnicastToAnotherMac_NoReply()
    {
        var frame = Frames.Bytes(Frames.ArpRequest);
        new MacAddress(0x0200_0000_000b).Write(frame);
        Assert.False(FrameResponder.TryRespond(frame, Table("192.0.2.200"), new byte[128], out _, out _));
    }

    [Fact]
    public void TryRespond_ArpRequestUnicastToOurMac_Reply()
    {
        var frame = Frames.Bytes(Frames.ArpRequest);
        Node.Write(frame);
        Assert.True(FrameResponder.TryRespond(frame, Table("192.0.2.200"), new byte[128], out _, out _));
    }

    [Fact]
    public void TryRespond_OurOwnGratuitousRequest_NoReply()
    {
        Assert.False(FrameResponder.TryRespond(Frames.Bytes(Frames.GratuitousRequest), Table("192.0.2.200"), new byte[128], out _, out _));
    }

    [Fact]
    public void TryRespond_ArpReply_NoReply()
    {
        Assert.False(FrameResponder.TryRespond(Frames.Bytes(Frames.GratuitousReply), Table("192.0.2.200"), new byte[128], out _, out _));
    }

    [Fact]
    public void TryRespond_NeighborSolicitation_GoldenAdvertisement()
    {
        var reply = new byte[FrameResponder.MaxReplyLength];
        Assert.True(FrameResponder.TryRespond(Frames.Bytes(Frames.NeighborSolicitation), Table("2001:db8::c8"), reply, out var n, out var address));
        Assert.Equal(Frames.ResponderAdvertisement, Convert.ToHexStringLower(reply, 0, n));
        Assert.Equal("2001:db8::c8", address!.Text);
    }

    [Fact]
    public void TryRespond_NoLinkLocal_SameAdvertisement()
    {
        var table = new ResponderTable(Node, null, [new AnnouncedAddress(IPAddress.Parse("2001:db8::c8"), [], [])]);
        var reply = new byte[FrameResponder.MaxReplyLength];
        Assert.True(FrameResponder.TryRespond(Frames.Bytes(Frames.NeighborSolicitation), table, reply, out var n, out _));
        Assert.True(NdpCodec.TryReadAdvertisement(reply.AsSpan(0, n), out var flags, out var target, out var tll));
        Assert.Equal(target, Ipv6Addresses.Read(reply.AsSpan(14 + 8)));
        Assert.Equal(NdpCodec.FlagSolicited | NdpCodec.FlagOverride, flags);
        Assert.Equal(Node, tll);
    }

    [Fact]
    public void TryRespond_DuplicateAddressDetection_NoReply()
    {
        // From :: without a source link-layer option: MetalLB does not answer (it would be a duplicate address).
        var frame = new byte[14 + 40 + 24];
        NdpCodec.WriteSolicitation(new byte[NdpCodec.SolicitationFrameLength], new MacAddress(0x0200_0000_0064), 0, 0);
        var full = Frames.Bytes(Frames.NeighborSolicitation);
        full.AsSpan(0, frame.Length).CopyTo(frame);
        frame.AsSpan(14 + 8, 16).Clear();
        frame[14 + 5] = 24;
        frame[14 + 40 + 2] = 0;
        frame[14 + 40 + 3] = 0;
        var sum = Icmpv6Checksum.Compute(0, Ipv6Addresses.Read(frame.AsSpan(14 + 24)), frame.AsSpan(14 + 40));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14 + 40 + 2), sum);
        Assert.True(NdpCodec.TryReadSolicitation(frame, out _));
        Assert.False(FrameResponder.TryRespond(frame, Table("2001:db8::c8"), new byte[128], out _, out _));
    }

    [Fact]
    public void TryRespond_RandomFrames_NeverThrows()
    {
        var table = Table("192.0.2.200", "2001:db8::c8");
        var random = new Random(8);
        var reply = new byte[FrameResponder.MaxReplyLength];
        string[] seeds = [Frames.ArpRequest, Frames.NeighborSolicitation];
        for (var i = 0; i < 20_000; i++)
        {
            var frame = Frames.Bytes(seeds[i % 2]);
            frame = frame[..random.Next(frame.Length + 1)];
            if (frame.Length > 0)
            {
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            }

            if (FrameResponder.TryRespond(frame, table, reply, out var n, out var address))
            {
                Assert.NotNull(address);
                Assert.InRange(n, ArpCodec.FrameLength, FrameResponder.MaxReplyLength);
            }
        }
    }
}
