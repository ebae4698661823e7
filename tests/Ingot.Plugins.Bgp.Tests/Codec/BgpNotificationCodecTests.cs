namespace Ingot.Plugins.Bgp.Codec.Tests;

public class BgpNotificationCodecTests
{
    [Fact]
    public void WriteShutdown_ShortMessage_MatchesRfc8203Bytes()
    {
        var buffer = new byte[4096];
        var n = BgpNotificationCodec.WriteShutdown(buffer, CeaseSubcode.AdministrativeShutdown, "bye");
        Assert.Equal(Hex.Marker + "0019" + "03" + "0602" + "03" + "627965", Hex.Format(buffer.AsSpan(0, n)));
        var parsed = BgpNotificationCodec.Parse(buffer.AsSpan(19, n - 19));
        Assert.Equal(BgpErrorCode.Cease, parsed.Code);
        Assert.Equal("bye", parsed.ShutdownMessage);
    }

    [Fact]
    public void WriteShutdown_LongMultibyteMessage_CutsAtCharacterBoundaryWithin255()
    {
        var buffer = new byte[4096];
        var text = string.Concat(Enumerable.Repeat("é", 200)); // 400 octets of UTF-8
        var n = BgpNotificationCodec.WriteShutdown(buffer, CeaseSubcode.AdministrativeShutdown, text);
        Assert.Equal(254, buffer[21]);
        var parsed = BgpNotificationCodec.Parse(buffer.AsSpan(19, n - 19));
        Assert.Equal(new string('é', 127), parsed.ShutdownMessage);
    }

    [Fact]
    public void Parse_ShutdownLengthBeyondData_KeepsNotificationWithoutText()
    {
        var parsed = BgpNotificationCodec.Parse(Hex.Parse("0602" + "09" + "6162"));
        Assert.Equal(BgpErrorCode.Cease, parsed.Code);
        Assert.Equal((byte)CeaseSubcode.AdministrativeShutdown, parsed.Subcode);
        Assert.Null(parsed.ShutdownMessage);
    }

    [Fact]
    public void Write_HoldTimerExpired_MatchesBytes()
    {
        var buffer = new byte[64];
        var n = BgpNotificationCodec.Write(buffer, BgpErrorCode.HoldTimerExpired, 0, default);
        Assert.Equal(Hex.Marker + "0015" + "03" + "0400", Hex.Format(buffer.AsSpan(0, n)));
    }
}
