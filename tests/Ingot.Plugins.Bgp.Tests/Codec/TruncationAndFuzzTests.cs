using System.Buffers;
using System.Net;

namespace Ingot.Plugins.Bgp.Codec.Tests;

public class TruncationAndFuzzTests
{
    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var m in BuildMessages())
        {
            data.Add(Hex.Format(m));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void TryReadMessage_EveryTruncation_ReturnsFalseAndConsumesNothing(string hex)
    {
        var message = Hex.Parse(hex);
        for (var i = 0; i < message.Length; i++)
        {
            var buffer = new ReadOnlySequence<byte>(message, 0, i);
            Assert.False(BgpMessageReader.TryReadMessage(ref buffer, out _, out _));
            Assert.Equal(i, buffer.Length);
            Assert.False(BgpMessageReader.TryReadMessage(message.AsSpan(0, i), out _, out _, out var consumed));
            Assert.Equal(0, consumed);
        }

        var whole = new ReadOnlySequence<byte>(message);
        Assert.True(BgpMessageReader.TryReadMessage(ref whole, out _, out _));
        Assert.Equal(0, whole.Length);
    }

    [Fact]
    public void Parse_MutatedMessages_OnlyTypedErrors()
    {
        var random = new Random(4271);
        var seeds = BuildMessages();
        var typed = 0;
        for (var i = 0; i < 30_000; i++)
        {
            var message = (byte[])seeds[random.Next(seeds.Count)].Clone();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                // Mostly mutate the body; sometimes the length field.
                var at = random.Next(100) < 10 || message.Length == 19 ? random.Next(16, 19) : random.Next(19, message.Length);
                message[at] = (byte)random.Next(256);
            }

            typed += ParseAll(message) ? 0 : 1;
        }

        Assert.True(typed > 0, "mutations produced some protocol errors");
    }

    [Fact]
    public void Parse_RandomBodies_OnlyTypedErrors()
    {
        var random = new Random(7606);
        var typed = 0;
        for (var i = 0; i < 30_000; i++)
        {
            var type = (byte)random.Next(1, 6);
            var length = type switch
            {
                4 => 0,
                5 => 4,
                _ => random.Next(type == 1 ? 10 : type == 2 ? 4 : 2, 200),
            };
            var message = new byte[19 + length];
            random.NextBytes(message.AsSpan(19));
            BgpMessageReader.WriteHeader(message, message.Length, (BgpMessageType)type);
            if (type == 2)
            {
                // Keep length fields small so the walk reaches attributes and NLRI.
                message[19] = 0;
                message[20] = (byte)random.Next(0, 8);
                if (21 + message[20] + 2 <= message.Length)
                {
                    message[21 + message[20]] = 0;
                }
            }

            typed += ParseAll(message) ? 0 : 1;
        }

        Assert.True(typed > 0);
    }

    /// <summary>Frames and parses like the session does. False when a typed protocol error came out; any other
    /// exception fails the test.</summary>
    private static bool ParseAll(byte[] message)
    {
        try
        {
            var buffer = new ReadOnlySequence<byte>(message);
            while (BgpMessageReader.TryReadMessage(ref buffer, out var type, out var sequence))
            {
                var body = sequence.ToArray();
                switch (type)
                {
                    case BgpMessageType.Open:
                        BgpOpenCodec.Parse(body);
                        break;
                    case BgpMessageType.Update:
                        BgpUpdateReader.Parse(body, true, false);
                        BgpUpdateReader.Parse(body, false, true);
                        break;
                    case BgpMessageType.Notification:
                        BgpNotificationCodec.Parse(body);
                        break;
                    case BgpMessageType.RouteRefresh:
                        BgpMessageReader.ReadRouteRefresh(body);
                        break;
                    default:
                        break;
                }
            }

            return true;
        }
        catch (BgpProtocolException e)
        {
            Assert.InRange((byte)e.Code, (byte)1, (byte)7);
            return false;
        }
    }

    private static List<byte[]> BuildMessages()
    {
        var list = new List<byte[]>();
        var buffer = new byte[4096];
        list.Add(buffer.AsSpan(0, BgpMessageReader.WriteKeepalive(buffer)).ToArray());
        list.Add(buffer.AsSpan(0, BgpMessageReader.WriteRouteRefresh(buffer, BgpFamily.IPv4Unicast)).ToArray());
        list.Add(buffer.AsSpan(0, BgpOpenCodec.Write(buffer, BgpOpenMessage.Create(4200000001, 90, 7, new BgpCapabilities
        {
            Families = [BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast],
            RouteRefresh = true,
            GracefulRestart = new GracefulRestartCapability(false, 120, [(BgpFamily.IPv4Unicast, false)]),
        }))).ToArray());
        list.Add(buffer.AsSpan(0, BgpNotificationCodec.WriteShutdown(buffer, CeaseSubcode.AdministrativeShutdown, "maintenance")).ToArray());
        list.Add(buffer.AsSpan(0, BgpUpdateWriter.WriteEndOfRib(buffer, BgpFamily.IPv6Unicast)).ToArray());

        var attributes = new RouteAttributes
        {
            AsPath = [64512, 4200000001],
            NextHop = IPAddress.Parse("192.0.2.1"),
            LocalPref = 100,
            Communities = [0xFDE80064],
            LargeCommunities = [new LargeCommunity(1, 2, 3)],
        };
        var w = new ArrayBufferWriter<byte>();
        BgpUpdateWriter.WriteAnnouncements(w, attributes, false, [BgpPrefix.Parse("192.0.2.10/32"), BgpPrefix.Parse("198.51.100.0/24")]);
        list.Add(w.WrittenSpan.ToArray());
        w.Clear();
        BgpUpdateWriter.WriteAnnouncements(w, attributes with { NextHop = IPAddress.Parse("2001:db8::1") }, true, [BgpPrefix.Parse("2001:db8::10/128")]);
        list.Add(w.WrittenSpan.ToArray());
        w.Clear();
        BgpUpdateWriter.WriteWithdrawals(w, [BgpPrefix.Parse("192.0.2.10/32")]);
        list.Add(w.WrittenSpan.ToArray());
        w.Clear();
        BgpUpdateWriter.WriteWithdrawals(w, [BgpPrefix.Parse("2001:db8::10/128")]);
        list.Add(w.WrittenSpan.ToArray());
        return list;
    }
}
