using System.Buffers;
using System.Net;

namespace Ingot.Plugins.Bgp.Codec.Tests;

public class BgpUpdateCodecTests
{
    [Fact]
    public void WriteAnnouncements_IPv4Ebgp_MatchesGoldenBytes()
    {
        // RFC 4271 §4.3: ORIGIN IGP, AS_PATH [65001] (4-octet), NEXT_HOP 192.0.2.1, COMMUNITIES 65000:100, NLRI 198.51.100.7/32.
        var output = new ArrayBufferWriter<byte>();
        var attributes = new RouteAttributes { AsPath = [65001], NextHop = IPAddress.Parse("192.0.2.1"), Communities = [0xFDE80064] };
        var messages = BgpUpdateWriter.WriteAnnouncements(output, attributes, fourOctetAs: true, [BgpPrefix.Parse("198.51.100.7/32")]);

        Assert.Equal(1, messages);
        Assert.Equal(
            Hex.Marker + "0037" + "02" + "0000" + "001B" + "40010100" + "4002060201" + "0000FDE9" + "400304C0000201" + "C00804FDE80064" + "20C6336407",
            Hex.Format(output.WrittenSpan));
    }

    [Fact]
    public void WriteAnnouncements_IPv4IbgpTwoOctetAs_EmptyPathLocalPrefAndLargeCommunity()
    {
        var output = new ArrayBufferWriter<byte>();
        var attributes = new RouteAttributes
        {
            NextHop = IPAddress.Parse("192.0.2.1"),
            LocalPref = 150,
            LargeCommunities = [new LargeCommunity(4200000000, 1, 2)],
        };
        BgpUpdateWriter.WriteAnnouncements(output, attributes, fourOctetAs: false, [BgpPrefix.Parse("203.0.113.0/24")]);

        // ORIGIN, empty AS_PATH (RFC 4271 §5.1.2 iBGP), NEXT_HOP, LOCAL_PREF 150, LARGE_COMMUNITY (RFC 8092 §3), NLRI /24.
        Assert.Equal(
            Hex.Marker + "003F" + "02" + "0000" + "0024" + "40010100" + "400200" + "400304C0000201" + "40050400000096"
            + "C0200C" + "FA56EA00" + "00000001" + "00000002" + "18CB0071",
            Hex.Format(output.WrittenSpan));
    }

    [Fact]
    public void WriteAnnouncements_FourOctetAsToTwoOctetPeer_SendsAsTransAndAs4Path()
    {
        var output = new ArrayBufferWriter<byte>();
        var attributes = new RouteAttributes { AsPath = [4200000001], NextHop = IPAddress.Parse("192.0.2.1") };
        BgpUpdateWriter.WriteAnnouncements(output, attributes, fourOctetAs: false, [BgpPrefix.Parse("192.0.2.10/32")]);

        var update = ReadOne(output.WrittenMemory, fourOctetAs: false);
        Assert.Equal([23456u], update.AsPath);
        Assert.Contains("C011060201FA56EA01", Hex.Format(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAnnouncements_IPv6_MatchesGoldenBytes()
    {
        // RFC 4760 §3: MP_REACH_NLRI (extended length) with AFI 2, SAFI 1, 16-octet next hop 2001:db8::1, NLRI 2001:db8:1::5/128.
        var output = new ArrayBufferWriter<byte>();
        var attributes = new RouteAttributes { AsPath = [64512], NextHop = IPAddress.Parse("2001:db8::1") };
        BgpUpdateWriter.WriteAnnouncements(output, attributes, fourOctetAs: true, [BgpPrefix.Parse("2001:db8:1::5/128")]);

        Assert.Equal(
            Hex.Marker + "004E" + "02" + "0000" + "0037" + "40010100" + "4002060201" + "0000FC00"
            + "900E0026" + "0002" + "01" + "10" + "20010DB8000000000000000000000001" + "00" + "80" + "20010DB8000100000000000000000005",
            Hex.Format(output.WrittenSpan));
    }

    [Fact]
    public void WriteWithdrawals_IPv4AndIPv6_RoundTrip()
    {
        var output = new ArrayBufferWriter<byte>();
        BgpUpdateWriter.WriteWithdrawals(output, [BgpPrefix.Parse("192.0.2.10/32"), BgpPrefix.Parse("198.51.100.0/24")]);
        Assert.Equal(Hex.Marker + "0020" + "02" + "0009" + "20C000020A" + "18C63364" + "0000", Hex.Format(output.WrittenSpan));
        var v4 = ReadOne(output.WrittenMemory, true);
        Assert.Equal(["192.0.2.10/32", "198.51.100.0/24"], v4.Withdrawn.Select(p => p.ToString()));

        var output6 = new ArrayBufferWriter<byte>();
        BgpUpdateWriter.WriteWithdrawals(output6, [BgpPrefix.Parse("2001:db8::7/128")]);
        var v6 = ReadOne(output6.WrittenMemory, true);
        Assert.Equal(BgpFamily.IPv6Unicast, v6.MpUnreachFamily);
        Assert.Equal(["2001:db8::7/128"], v6.MpUnreachNlri.Select(p => p.ToString()));
        Assert.Null(v6.EndOfRib);
    }

    [Fact]
    public void WriteEndOfRib_BothFamilies_MatchRfc4724Bytes()
    {
        var buffer = new byte[64];
        var n = BgpUpdateWriter.WriteEndOfRib(buffer, BgpFamily.IPv4Unicast);
        Assert.Equal(Hex.Marker + "0017" + "02" + "00000000", Hex.Format(buffer.AsSpan(0, n)));
        Assert.Equal(BgpFamily.IPv4Unicast, ReadOne(buffer.AsMemory(0, n), true).EndOfRib);

        n = BgpUpdateWriter.WriteEndOfRib(buffer, BgpFamily.IPv6Unicast);
        Assert.Equal(Hex.Marker + "001D" + "02" + "0000" + "0006" + "800F03000201", Hex.Format(buffer.AsSpan(0, n)));
        Assert.Equal(BgpFamily.IPv6Unicast, ReadOne(buffer.AsMemory(0, n), true).EndOfRib);
    }

    [Theory]
    [InlineData(10_000, false)]
    [InlineData(3_000, true)]
    public void WriteAnnouncements_ManyPrefixes_PacksWithin4096AndRoundTrips(int count, bool isIPv6)
    {
        var prefixes = Enumerable.Range(0, count).Select(i => isIPv6
            ? new BgpPrefix(true, 128, (UInt128.Parse("42540766411282592856903984951653826560") | (uint)i))
            : new BgpPrefix(false, 32, 0xC6330000u + (uint)i)).ToArray();
        var attributes = new RouteAttributes
        {
            AsPath = [64512],
            NextHop = isIPv6 ? IPAddress.Parse("2001:db8::1") : IPAddress.Parse("192.0.2.1"),
            Communities = [1, 2, 3],
            LargeCommunities = [new LargeCommunity(1, 2, 3)],
        };
        var output = new ArrayBufferWriter<byte>();
        var messages = BgpUpdateWriter.WriteAnnouncements(output, attributes, true, prefixes);

        var seen = new List<BgpPrefix>();
        var data = output.WrittenMemory;
        var read = 0;
        var sizes = new List<int>();
        while (BgpMessageReader.TryReadMessage(data.Span, out var type, out var body, out var consumed))
        {
            Assert.Equal(BgpMessageType.Update, type);
            Assert.True(consumed <= 4096);
            sizes.Add(consumed);
            var update = BgpUpdateReader.Parse(body, true, false);
            Assert.Null(update.TreatAsWithdrawReason);
            Assert.Equal([64512u], update.AsPath);
            Assert.Equal([1u, 2u, 3u], update.Communities);
            Assert.Equal([new LargeCommunity(1, 2, 3)], update.LargeCommunities);
            seen.AddRange(update.Announced);
            data = data[consumed..];
            read++;
        }

        Assert.Equal(messages, read);
        Assert.Equal(prefixes, seen);

        // Every UPDATE but the last is full: one more prefix (5 octets for a /32, 17 for a /128) would not fit.
        Assert.All(sizes[..^1], size => Assert.True(size + (isIPv6 ? 17 : 5) > 4096, $"UPDATE of {size} octets had room"));
    }

    [Theory]
    [InlineData("40010103", "ORIGIN")]                    // RFC 7606 §7.1 value > 2
    [InlineData("4001020000", "ORIGIN")]                  // RFC 7606 §7.1 length != 1
    [InlineData("C0010100", "ORIGIN")]                    // optional bit on a well-known attribute
    [InlineData("C00803000001", "COMMUNITIES")]           // RFC 7606 §7.8 not a multiple of 4
    [InlineData("C0200400000001", "LARGE_COMMUNITY")]     // RFC 8092 §6
    public void Parse_MalformedAttribute_TreatsAsWithdraw(string attribute, string name)
    {
        var attrs = attribute.StartsWith("4001", StringComparison.Ordinal) || attribute.StartsWith("C001", StringComparison.Ordinal)
            ? attribute + "400200" + "400304C0000201"
            : "40010100" + "400200" + "400304C0000201" + attribute;
        var body = Hex.Parse("0000" + (attrs.Length / 2).ToString("X4") + attrs + "20C000020A");
        var update = BgpUpdateReader.Parse(body, true, false);
        Assert.NotNull(update.TreatAsWithdrawReason);
        Assert.Contains(name, update.TreatAsWithdrawReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingWellKnown_TreatsAsWithdraw()
    {
        var attrs = "40010100" + "400200";
        var body = Hex.Parse("0000" + (attrs.Length / 2).ToString("X4") + attrs + "20C000020A");
        Assert.Equal("missing well-known attribute NEXT_HOP", BgpUpdateReader.Parse(body, true, false).TreatAsWithdrawReason);
    }

    [Theory]
    [InlineData("0005" + "0000", (byte)UpdateErrorSubcode.MalformedAttributeList)]                  // withdrawn length overruns
    [InlineData("0000" + "0010" + "40010100", (byte)UpdateErrorSubcode.MalformedAttributeList)]     // attribute length overruns
    [InlineData("0000" + "0000" + "21C0000202", (byte)UpdateErrorSubcode.InvalidNetworkField)]       // prefix length 33
    [InlineData("0000" + "0000" + "20C00002", (byte)UpdateErrorSubcode.InvalidNetworkField)]         // truncated prefix
    [InlineData("0000" + "0004" + "40630100", (byte)UpdateErrorSubcode.UnrecognizedWellKnownAttribute)]
    [InlineData("0000" + "0006" + "800E03000201", (byte)UpdateErrorSubcode.OptionalAttributeError)]  // MP_REACH without next hop
    [InlineData("0000" + "000C" + "800F03000201" + "800F03000201", (byte)UpdateErrorSubcode.MalformedAttributeList)] // repeated MP_UNREACH
    [InlineData("0000" + "0004" + "40010500", (byte)UpdateErrorSubcode.AttributeLengthError)]
    public void Parse_Malformed_ThrowsUpdateError(string body, byte expected)
    {
        var e = Assert.Throws<BgpProtocolException>(() => BgpUpdateReader.Parse(Hex.Parse(body), true, false));
        Assert.Equal(BgpErrorCode.UpdateMessage, e.Code);
        Assert.Equal(expected, e.Subcode);
    }

    private static BgpUpdate ReadOne(ReadOnlyMemory<byte> message, bool fourOctetAs)
    {
        Assert.True(BgpMessageReader.TryReadMessage(message.Span, out var type, out var body, out var consumed));
        Assert.Equal(BgpMessageType.Update, type);
        Assert.Equal(message.Length, consumed);
        return BgpUpdateReader.Parse(body, fourOctetAs, false);
    }
}
