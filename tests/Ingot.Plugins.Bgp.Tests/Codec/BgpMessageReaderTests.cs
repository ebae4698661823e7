using System.Buffers;

namespace Ingot.Plugins.Bgp.Codec.Tests;

public class BgpMessageReaderTests
{
    [Fact]
    public void WriteKeepalive_DirtyBuffer_WritesRfcBytes()
    {
        var buffer = Enumerable.Repeat((byte)0xAB, 64).ToArray();
        var n = BgpMessageReader.WriteKeepalive(buffer);
        Assert.Equal(Hex.Marker + "001304", Hex.Format(buffer.AsSpan(0, n)));
    }

    [Fact]
    public void WriteRouteRefresh_IPv6_WritesRfc2918Bytes()
    {
        var buffer = new byte[64];
        var n = BgpMessageReader.WriteRouteRefresh(buffer, BgpFamily.IPv6Unicast);
        Assert.Equal(Hex.Marker + "0017050002" + "0001", Hex.Format(buffer.AsSpan(0, n)));
        Assert.True(BgpMessageReader.TryReadMessage(buffer.AsSpan(0, n), out var type, out var body, out _));
        Assert.Equal(BgpMessageType.RouteRefresh, type);
        Assert.Equal(BgpFamily.IPv6Unicast, BgpMessageReader.ReadRouteRefresh(body));
    }

    [Fact]
    public void TryReadMessage_TwoMessagesInOneSequence_ReadsBothAndConsumes()
    {
        var bytes = Hex.Parse(Hex.Marker + "001304" + Hex.Marker + "001304");
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(BgpMessageReader.TryReadMessage(ref buffer, out var t1, out var b1));
        Assert.True(BgpMessageReader.TryReadMessage(ref buffer, out var t2, out _));
        Assert.False(BgpMessageReader.TryReadMessage(ref buffer, out _, out _));
        Assert.Equal(BgpMessageType.Keepalive, t1);
        Assert.Equal(BgpMessageType.Keepalive, t2);
        Assert.Equal(0, b1.Length);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void TryReadMessage_BadMarker_ThrowsConnectionNotSynchronized()
    {
        var bytes = Hex.Parse("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00" + "001304");
        var buffer = new ReadOnlySequence<byte>(bytes);
        var e = Assert.Throws<BgpProtocolException>(() => BgpMessageReader.TryReadMessage(ref buffer, out _, out _));
        Assert.Equal(BgpErrorCode.MessageHeader, e.Code);
        Assert.Equal((byte)HeaderErrorSubcode.ConnectionNotSynchronized, e.Subcode);
    }

    [Theory]
    [InlineData("0012", "04")] // below 19
    [InlineData("1001", "02")] // above 4096
    [InlineData("0014", "04")] // KEEPALIVE must be exactly 19
    [InlineData("001C", "01")] // OPEN needs at least 29
    [InlineData("0016", "02")] // UPDATE needs at least 23
    [InlineData("0014", "03")] // NOTIFICATION needs at least 21
    [InlineData("0018", "05")] // ROUTE-REFRESH is exactly 23
    public void TryReadMessage_BadLength_ThrowsBadMessageLengthWithLengthAsData(string length, string type)
    {
        var bytes = Hex.Parse(Hex.Marker + length + type + new string('0', 100));
        var buffer = new ReadOnlySequence<byte>(bytes);
        var e = Assert.Throws<BgpProtocolException>(() => BgpMessageReader.TryReadMessage(ref buffer, out _, out _));
        Assert.Equal(BgpErrorCode.MessageHeader, e.Code);
        Assert.Equal((byte)HeaderErrorSubcode.BadMessageLength, e.Subcode);
        Assert.Equal(length, Hex.Format(e.Data));
    }

    [Fact]
    public void TryReadMessage_UnknownType_ThrowsBadMessageTypeWithType()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse(Hex.Marker + "001309"));
        var e = Assert.Throws<BgpProtocolException>(() => BgpMessageReader.TryReadMessage(ref buffer, out _, out _));
        Assert.Equal((byte)HeaderErrorSubcode.BadMessageType, e.Subcode);
        Assert.Equal("09", Hex.Format(e.Data));
    }
}
