using System.Buffers.Binary;
using System.Text;

namespace Ingot.Plugins.L2.Interfaces.Tests;

/// <summary>rtnetlink link messages built byte by byte as the kernel lays them out (host order, 4-byte alignment).</summary>
public class NetlinkLinkParserTests
{
    private const uint Up = 0x1;
    private const uint Running = 0x40;

    [Fact]
    public void NewLink_NameFlagsAndOperState_Read()
    {
        var events = new List<LinkEvent>();
        var dropped = NetlinkLinkParser.Parse(Message(NetlinkLinkParser.RtmNewLink, 7, Up | Running, "eth0", OperState.Up), events);
        Assert.Equal(0, dropped);
        var e = Assert.Single(events);
        Assert.Equal(new LinkEvent(7, "eth0", Up | Running, OperState.Up, false), e);
        Assert.True(e.IsOperational);
    }

    [Theory]
    [InlineData(Up, 3)] // a veth whose peer is down: up, not running, lower layer down
    [InlineData(Up | Running, 2)] // down
    [InlineData(0u, 2)] // ip link set down
    [InlineData(Up | Running, 5)] // dormant
    public void NotRunningOrOperStateDown_NotOperational(uint flags, byte state)
    {
        var events = new List<LinkEvent>();
        NetlinkLinkParser.Parse(Message(NetlinkLinkParser.RtmNewLink, 3, flags, "eth0", (OperState)state), events);
        Assert.False(Assert.Single(events).IsOperational);
    }

    [Fact]
    public void OperStateUnknown_UpAndRunning_Operational()
    {
        // dummy and tun devices report no carrier state: the flags decide.
        var events = new List<LinkEvent>();
        NetlinkLinkParser.Parse(Message(NetlinkLinkParser.RtmNewLink, 3, Up | Running, "dummy0", operState: null), events);
        Assert.True(Assert.Single(events).IsOperational);
    }

    [Fact]
    public void DelLink_Deleted_NotOperational()
    {
        var events = new List<LinkEvent>();
        NetlinkLinkParser.Parse(Message(NetlinkLinkParser.RtmDelLink, 9, Up | Running, "eth1", OperState.Up), events);
        var e = Assert.Single(events);
        Assert.True(e.Deleted);
        Assert.False(e.IsOperational);
    }

    [Fact]
    public void SeveralMessagesAndOtherTypes_LinksOnlyInOrder()
    {
        var done = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(done, 20);
        BinaryPrimitives.WriteUInt16LittleEndian(done.AsSpan(4), NetlinkLinkParser.NlmsgDone);
        var datagram = Concat(
            Message(NetlinkLinkParser.RtmNewLink, 1, Up | Running, "lo", OperState.Unknown),
            Message(20, 1, 0, "ignored-address-message", OperState.Up), // RTM_NEWADDR
            Message(NetlinkLinkParser.RtmNewLink, 2, Up, "eth0", OperState.LowerLayerDown),
            done);
        var events = new List<LinkEvent>();
        Assert.Equal(0, NetlinkLinkParser.Parse(datagram, events));
        Assert.Equal(["lo", "eth0"], events.Select(e => e.Name));
    }

    [Fact]
    public void AttributeLongerThanMessage_MessageDroppedNextOneRead()
    {
        var bad = Message(NetlinkLinkParser.RtmNewLink, 4, Up | Running, "eth0", OperState.Up);
        BinaryPrimitives.WriteUInt16LittleEndian(bad.AsSpan(32), 200); // the first attribute's length
        var events = new List<LinkEvent>();
        var dropped = NetlinkLinkParser.Parse(Concat(bad, Message(NetlinkLinkParser.RtmNewLink, 5, Up | Running, "eth1", OperState.Up)), events);
        Assert.Equal(1, dropped);
        Assert.Equal("eth1", Assert.Single(events).Name);
    }

    [Fact]
    public void IfInfoTruncated_Dropped()
    {
        var bytes = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 24);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), NetlinkLinkParser.RtmNewLink);
        var events = new List<LinkEvent>();
        Assert.Equal(1, NetlinkLinkParser.Parse(bytes, events));
        Assert.Empty(events);
    }

    [Theory]
    [InlineData(0u)] // a zero length would loop forever if trusted
    [InlineData(8u)]
    [InlineData(4096u)]
    public void HeaderLengthImpossible_RestOfDatagramDropped(uint length)
    {
        var bytes = Message(NetlinkLinkParser.RtmNewLink, 4, Up | Running, "eth0", OperState.Up);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, length);
        var events = new List<LinkEvent>();
        Assert.Equal(1, NetlinkLinkParser.Parse(Concat(bytes, Message(NetlinkLinkParser.RtmNewLink, 5, Up, "eth1", OperState.Up)), events));
        Assert.Empty(events);
    }

    [Fact]
    public void InvalidNameOrIndex_Dropped()
    {
        var badName = Message(NetlinkLinkParser.RtmNewLink, 4, Up | Running, "eth0", OperState.Up);
        badName[36] = 0xFF; // not UTF-8
        var badIndex = Message(NetlinkLinkParser.RtmNewLink, 0, Up | Running, "eth1", OperState.Up);
        var events = new List<LinkEvent>();
        Assert.Equal(2, NetlinkLinkParser.Parse(Concat(badName, badIndex), events));
        Assert.Empty(events);
    }

    [Fact]
    public void RandomBytesAndEveryTruncation_NeverThrow()
    {
        var random = new Random(12);
        var valid = Concat(
            Message(NetlinkLinkParser.RtmNewLink, 2, Up | Running, "eth0", OperState.Up),
            Message(NetlinkLinkParser.RtmDelLink, 3, 0, "eth1", OperState.Down));
        var events = new List<LinkEvent>();
        for (var cut = 0; cut <= valid.Length; cut++)
        {
            events.Clear();
            NetlinkLinkParser.Parse(valid.AsSpan(0, cut), events);
            Assert.True(events.Count <= 2);
        }

        var total = 0;
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            events.Clear();
            total += NetlinkLinkParser.Parse(bytes, events);
            Assert.All(events, e => Assert.True(e.Index > 0));
        }

        Assert.True(total > 0); // the mutations did hit lengths, so the malformed paths ran
    }

    /// <summary>nlmsghdr + ifinfomsg + IFLA_IFNAME (+ IFLA_OPERSTATE), as the kernel writes them.</summary>
    internal static byte[] Message(ushort type, int index, uint flags, string name, OperState? operState)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var nameAttr = 4 + nameBytes.Length;
        var length = 16 + 16 + Align(nameAttr) + (operState is null ? 0 : 8);
        var m = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), type);
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(16 + 4), index);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(16 + 8), flags);
        var at = 32;
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(at), (ushort)nameAttr);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(at + 2), 3);
        nameBytes.CopyTo(m.AsSpan(at + 4));
        at += Align(nameAttr);
        if (operState is { } s)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(at), 5);
            BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(at + 2), 16);
            m[at + 4] = (byte)s;
        }

        return m;
    }

    private static int Align(int n) => (n + 3) & ~3;

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
