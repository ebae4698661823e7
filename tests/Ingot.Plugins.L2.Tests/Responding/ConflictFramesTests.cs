using System.Net;
using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Responding.Tests;

/// <summary>Which captured frames are another station claiming one of our addresses.</summary>
public class ConflictFramesTests
{
    private const uint Vip = 0xC000_02C8; // 192.0.2.200
    private static readonly MacAddress Ours = new(0x0200_0000_00AAUL);
    private static readonly MacAddress Theirs = new(0x0200_0000_00BBUL);
    private static readonly UInt128 Vip6 = Ipv6Addresses.FromIPAddress(IPAddress.Parse("2001:db8::c8"));

    private static ResponderTable Table() => new(Ours, null,
    [
        new AnnouncedAddress(IPAddress.Parse("192.0.2.200"), [], []),
        new AnnouncedAddress(IPAddress.Parse("2001:db8::c8"), [], []),
    ]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GratuitousArpFromAnotherMac_Claim(bool reply)
    {
        var frame = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteGratuitous(frame, Theirs, Vip, reply ? ArpOperation.Reply : ArpOperation.Request);
        Assert.True(ConflictFrames.TryReadClaim(frame, Table(), out var address, out var claimant));
        Assert.Equal("192.0.2.200", address!.Text);
        Assert.Equal(Theirs, claimant);
    }

    [Fact]
    public void ArpReplyFromAnotherMac_Claim()
    {
        var frame = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteReply(frame, Theirs, Vip, new MacAddress(0x0200_0000_00CCUL), 0xC000_0264);
        Assert.True(ConflictFrames.TryReadClaim(frame, Table(), out _, out var claimant));
        Assert.Equal(Theirs, claimant);
    }

    [Fact]
    public void OurOwnGratuitous_NoClaim()
    {
        var frame = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteGratuitous(frame, Ours, Vip, ArpOperation.Reply);
        Assert.False(ConflictFrames.TryReadClaim(frame, Table(), out _, out _));
    }

    [Fact]
    public void OrdinaryRequestForOurAddress_NoClaim()
    {
        // A client asking is not a claim: the sender IP is the client's.
        var frame = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteRequest(frame, Theirs, 0xC000_0264, Vip);
        Assert.False(ConflictFrames.TryReadClaim(frame, Table(), out _, out _));
    }

    [Fact]
    public void ReplyForAnAddressWeDoNotAnnounce_NoClaim()
    {
        var frame = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteGratuitous(frame, Theirs, Vip + 1, ArpOperation.Reply);
        Assert.False(ConflictFrames.TryReadClaim(frame, Table(), out _, out _));
    }

    [Fact]
    public void NeighborAdvertisementFromAnotherMac_Claim()
    {
        var frame = new byte[NdpCodec.AdvertisementFrameLength];
        var n = NdpCodec.WriteAdvertisement(frame, MacAddress.AllNodesMulticast, Theirs, Vip6, Ipv6Addresses.FromIPAddress(IPAddress.Parse("ff02::1")), Vip6, NdpCodec.FlagOverride);
        Assert.True(ConflictFrames.TryReadClaim(frame.AsSpan(0, n), Table(), out var address, out var claimant));
        Assert.Equal("2001:db8::c8", address!.Text);
        Assert.Equal(Theirs, claimant);
        NdpCodec.WriteAdvertisement(frame, MacAddress.AllNodesMulticast, Ours, Vip6, Ipv6Addresses.FromIPAddress(IPAddress.Parse("ff02::1")), Vip6, NdpCodec.FlagOverride);
        Assert.False(ConflictFrames.TryReadClaim(frame.AsSpan(0, n), Table(), out _, out _));
    }

    [Fact]
    public void TruncatedAndRandomFrames_NeverThrowNeverClaimOurs()
    {
        var random = new Random(5);
        var frame = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteGratuitous(frame, Theirs, Vip, ArpOperation.Reply);
        for (var cut = 0; cut < frame.Length; cut++)
        {
            Assert.False(ConflictFrames.TryReadClaim(frame.AsSpan(0, cut), Table(), out _, out _));
        }

        var noise = new byte[90];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(noise);
            if (ConflictFrames.TryReadClaim(noise, Table(), out _, out var claimant))
            {
                Assert.NotEqual(Ours, claimant);
            }
        }
    }
}
