using System.Text;
using Ingot.Plugins.L2.Membership.Wire;

namespace Ingot.Plugins.L2.Tests.Membership;

public class MembershipCodecTests
{
    // Computed independently (Python hmac/hashlib: HKDF-SHA256 with an empty salt and info "ingot-membership-v1", then
    // HMAC-SHA256 truncated to 16 bytes) from the layout in docs/failover.md.
    private const string GoldenBody =
        "494d010101066e6f64652d610102030405060708000000000000002a000000010000138801066e6f64652d62111213141516171880640102066e6f64652d6321222324252627280000000300000000";

    private const string GoldenMac = "c6cc02d8fbdb64cf7723259e513698b5";

    internal static readonly MembershipKey Key = new(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    internal static MembershipMessage Sample() => new(
        MessageType.Heartbeat,
        "node-a",
        0x0102030405060708,
        42,
        1,
        HasQuorum: true,
        SettledForMs: 5000,
        [new HeardEntry("node-b", 0x1112131415161718, 100, HasQuorum: true)],
        [new Rumour(RumourKind.Dead, "node-c", 0x2122232425262728, 3, 0)]);

    private static byte[] Encode(MembershipMessage m)
    {
        var buffer = new byte[MembershipCodec.MaxDatagram];
        return buffer.AsSpan(0, MembershipCodec.Encode(m, Key, buffer)).ToArray();
    }

    [Fact]
    public void Encode_Sample_MatchesGoldenBytes()
    {
        Assert.Equal(GoldenBody + GoldenMac, Convert.ToHexStringLower(Encode(Sample())));
    }

    [Fact]
    public void TryDecode_GoldenBytes_RoundTrips()
    {
        var status = MembershipCodec.TryDecode(Convert.FromHexString(GoldenBody + GoldenMac), Key, out var m);
        Assert.Equal(DecodeStatus.Ok, status);
        var expected = Sample();
        Assert.Equal(expected.Sender, m!.Sender);
        Assert.Equal(expected.Incarnation, m.Incarnation);
        Assert.Equal(expected.Sequence, m.Sequence);
        Assert.Equal(expected.Version, m.Version);
        Assert.True(m.HasQuorum);
        Assert.Equal(5000u, m.SettledForMs);
        Assert.Equal(expected.Heard.ToArray(), m.Heard.ToArray());
        Assert.Equal(expected.Rumours.ToArray(), m.Rumours.ToArray());
        Assert.Equal(MessageType.Heartbeat, m.Type);
    }

    [Fact]
    public void TryDecode_EveryTruncation_MalformedOrAuthentication()
    {
        var bytes = Encode(Sample());
        for (var n = 0; n < bytes.Length; n++)
        {
            var status = MembershipCodec.TryDecode(bytes.AsSpan(0, n), Key, out var m);
            Assert.NotEqual(DecodeStatus.Ok, status);
            Assert.Null(m);
        }
    }

    [Fact]
    public void TryDecode_EveryBitFlipped_NeverAccepted()
    {
        var bytes = Encode(Sample());
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var copy = (byte[])bytes.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            var status = MembershipCodec.TryDecode(copy, Key, out _);
            // The magic and version bytes are checked before the MAC; everything else fails the MAC.
            Assert.Equal(bit < 24 ? DecodeStatus.Malformed : DecodeStatus.Authentication, status);
        }
    }

    [Fact]
    public void TryDecode_OtherKey_Authentication()
    {
        var other = new MembershipKey(Encoding.ASCII.GetBytes("another shared key, 32 bytes...."));
        Assert.Equal(DecodeStatus.Authentication, MembershipCodec.TryDecode(Encode(Sample()), other, out _));
    }

    [Fact]
    public void TryDecode_ValidMacOverBadLayout_Malformed()
    {
        // A peer with a bug (or a key holder) signing garbage: the MAC passes, the layout does not.
        var body = Convert.FromHexString(GoldenBody);
        body[3] = 9; // unknown type
        var signed = new byte[body.Length + MembershipCodec.MacLength];
        body.CopyTo(signed, 0);
        Key.Sign(body, signed.AsSpan(body.Length));
        Assert.Equal(DecodeStatus.Malformed, MembershipCodec.TryDecode(signed, Key, out _));

        var trailing = new byte[body.Length + 1 + MembershipCodec.MacLength];
        Convert.FromHexString(GoldenBody).CopyTo(trailing, 0);
        Key.Sign(trailing.AsSpan(0, body.Length + 1), trailing.AsSpan(body.Length + 1));
        Assert.Equal(DecodeStatus.Malformed, MembershipCodec.TryDecode(trailing, Key, out _));
    }

    [Fact]
    public void Encode_TooManyEntries_StaysWithinTheDatagramLimitAndKeepsTheFirst()
    {
        var heard = Enumerable.Range(0, 200).Select(i => new HeardEntry($"node-{i:D4}-with-a-long-name", (ulong)i, 1, false)).ToArray();
        var m = Sample() with { Heard = [.. heard] };
        var bytes = Encode(m);
        Assert.True(bytes.Length <= MembershipCodec.MaxDatagram);
        Assert.Equal(DecodeStatus.Ok, MembershipCodec.TryDecode(bytes, Key, out var back));
        Assert.Equal(heard[0], back!.Heard[0]);
        Assert.True(back.Heard.Length < 200);
    }

    [Fact]
    public void Key_ShorterThan16Bytes_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new MembershipKey(new byte[15]));
        Assert.Contains("at least 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinkDown_FlagBitTwo_RoundTrips()
    {
        var bytes = Encode(Sample() with { LinkDown = true });
        Assert.Equal(0b11, bytes[4]);
        Assert.Equal(DecodeStatus.Ok, MembershipCodec.TryDecode(bytes, Key, out var decoded));
        Assert.True(decoded!.LinkDown);
        Assert.Equal(DecodeStatus.Ok, MembershipCodec.TryDecode(Encode(Sample()), Key, out var plain));
        Assert.False(plain!.LinkDown);
    }
}
