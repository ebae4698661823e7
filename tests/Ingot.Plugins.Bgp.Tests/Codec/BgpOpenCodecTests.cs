namespace Ingot.Plugins.Bgp.Codec.Tests;

public class BgpOpenCodecTests
{
    // Hand-built from RFC 4271 §4.2, RFC 4760 §8, RFC 2918 §2, RFC 6793 §3: AS 65001, hold 90, id 192.0.2.1.
    private const string Open65001 = Hex.Marker + "0033" + "01" + "04" + "FDE9" + "005A" + "C0000201" + "16"
        + "0214" + "010400010001" + "010400020001" + "0200" + "41040000FDE9";

    [Fact]
    public void Write_TwoOctetAs_MatchesGoldenBytes()
    {
        var open = BgpOpenMessage.Create(65001, 90, 0xC0000201, new BgpCapabilities
        {
            Families = [BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast],
            RouteRefresh = true,
        });
        var buffer = Enumerable.Repeat((byte)0xEE, 4096).ToArray();
        var n = BgpOpenCodec.Write(buffer, open);
        Assert.Equal(Open65001, Hex.Format(buffer.AsSpan(0, n)));
    }

    [Fact]
    public void Write_FourOctetAs_SendsAsTransAndCapability()
    {
        var open = BgpOpenMessage.Create(4200000001, 180, 1, new BgpCapabilities());
        var buffer = new byte[4096];
        var n = BgpOpenCodec.Write(buffer, open);

        // AS_TRANS 23456 = 0x5BA0 in My AS (RFC 6793 §4.2.1), 4200000001 = 0xFA56EA01 in the capability.
        Assert.Equal(Hex.Marker + "0025" + "01" + "04" + "5BA0" + "00B4" + "00000001" + "08" + "0206" + "4104FA56EA01", Hex.Format(buffer.AsSpan(0, n)));
        var parsed = BgpOpenCodec.Parse(buffer.AsSpan(19, n - 19));
        Assert.Equal(4200000001u, parsed.Asn);
        Assert.Equal(BgpOpenMessage.AsTrans, parsed.MyAs);
    }

    [Fact]
    public void Write_GracefulRestart_RoundTrips()
    {
        var open = BgpOpenMessage.Create(64512, 90, 0x01020304, new BgpCapabilities
        {
            Families = [BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast],
            RouteRefresh = true,
            GracefulRestart = new GracefulRestartCapability(true, 120, [(BgpFamily.IPv4Unicast, false), (BgpFamily.IPv6Unicast, false)]),
        });
        var buffer = new byte[4096];
        var n = BgpOpenCodec.Write(buffer, open);

        // RFC 4724 §3: R bit + 120 s = 0x8078, then AFI/SAFI/flags per family.
        Assert.Contains("400A" + "8078" + "00010100" + "00020100", Hex.Format(buffer.AsSpan(0, n)), StringComparison.Ordinal);
        var parsed = BgpOpenCodec.Parse(buffer.AsSpan(19, n - 19));
        Assert.Equal(open.Capabilities.Families, parsed.Capabilities.Families);
        Assert.True(parsed.Capabilities.RouteRefresh);
        Assert.NotNull(parsed.Capabilities.GracefulRestart);
        Assert.True(parsed.Capabilities.GracefulRestart!.RestartState);
        Assert.Equal(120, parsed.Capabilities.GracefulRestart.RestartTimeSeconds);
        Assert.Equal(2, parsed.Capabilities.GracefulRestart.Families.Count);
        Assert.Equal(0x01020304u, parsed.BgpIdentifier);
        Assert.Equal(64512u, parsed.Asn);
    }

    [Fact]
    public void Parse_MetalLbCapturedOpen_ReadsFourOctetAs()
    {
        // Captured OPEN from MetalLB's native speaker (metallb internal/bgp/native/messages_test.go).
        var bytes = Hex.Parse(Hex.Marker + "0031" + "0104fdea005ab9ecf027140212010400010001010400020001410400 00fdea");
        Assert.True(BgpMessageReader.TryReadMessage(bytes, out var type, out var body, out _));
        Assert.Equal(BgpMessageType.Open, type);
        var open = BgpOpenCodec.Parse(body);
        Assert.Equal(65002u, open.Asn);
        Assert.Equal(65002u, open.Capabilities.FourOctetAs);
        Assert.Equal(90, open.HoldTimeSeconds);
        Assert.Equal([BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast], open.Capabilities.Families);
    }

    [Fact]
    public void Parse_AristaCapturedOpen_HasNoFourOctetAs()
    {
        // Captured OPEN from Arista EOS 4.13.10M (same source): MP IPv4, route refresh, graceful restart 180 s.
        var bytes = Hex.Parse(Hex.Marker + "002b" + "0104fde900b4b9ecf0400e020c01040001000102004002 00b4");
        Assert.True(BgpMessageReader.TryReadMessage(bytes, out _, out var body, out _));
        var open = BgpOpenCodec.Parse(body);
        Assert.Equal(65001u, open.Asn);
        Assert.Null(open.Capabilities.FourOctetAs);
        Assert.True(open.Capabilities.RouteRefresh);
        Assert.Equal(180, open.Capabilities.GracefulRestart!.RestartTimeSeconds);
        Assert.False(open.Capabilities.GracefulRestart.RestartState);
    }

    [Theory]
    [InlineData("03FDE9005AC000020100", (byte)OpenErrorSubcode.UnsupportedVersionNumber)]
    [InlineData("04FDE90001C000020100", (byte)OpenErrorSubcode.UnacceptableHoldTime)]
    [InlineData("04FDE90002C000020100", (byte)OpenErrorSubcode.UnacceptableHoldTime)]
    [InlineData("04FDE9005A0000000000", (byte)OpenErrorSubcode.BadBgpIdentifier)]
    [InlineData("04FDE9005AC000020103010100", (byte)OpenErrorSubcode.UnsupportedOptionalParameter)]
    [InlineData("04FDE9005AC00002010402050104", (byte)OpenErrorSubcode.Unspecific)]
    [InlineData("04FDE9005AC000020105", (byte)OpenErrorSubcode.Unspecific)]
    public void Parse_Invalid_ThrowsOpenError(string body, byte expected)
    {
        var e = Assert.Throws<BgpProtocolException>(() => BgpOpenCodec.Parse(Hex.Parse(body)));
        Assert.Equal(BgpErrorCode.OpenMessage, e.Code);
        Assert.Equal(expected, e.Subcode);
    }

    [Fact]
    public void Parse_UnsupportedVersion_DataIsLargestSupportedVersion()
    {
        var e = Assert.Throws<BgpProtocolException>(() => BgpOpenCodec.Parse(Hex.Parse("05FDE9005AC000020100")));
        Assert.Equal("0004", Hex.Format(e.Data));
    }

    [Fact]
    public void Parse_UnknownCapability_IsIgnored()
    {
        var open = BgpOpenCodec.Parse(Hex.Parse("04FDE9005AC0000201" + "08" + "0206" + "4604" + "00010101"));
        Assert.Equal(65001u, open.Asn);
        Assert.Empty(open.Capabilities.Families);
    }
}
