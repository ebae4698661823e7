using System.Buffers.Binary;
using System.Text;

namespace Ingot.Plugins.L2.Interfaces;

/// <summary>
/// Reads the link messages of one rtnetlink datagram (several <c>nlmsghdr</c>s, each 4-byte aligned, host byte order):
/// RTM_NEWLINK and RTM_DELLINK with their <c>ifinfomsg</c>, IFLA_IFNAME and IFLA_OPERSTATE. Pure, and never throws on
/// wire input: a message whose lengths do not add up is dropped and counted, and a header that cannot be framed ends
/// the datagram (nothing after it can be located).
/// </summary>
internal static class NetlinkLinkParser
{
    // include/uapi/linux/netlink.h, rtnetlink.h, if_link.h
    public const ushort NlmsgDone = 3;
    public const ushort RtmNewLink = 16;
    public const ushort RtmDelLink = 17;
    public const ushort RtmGetLink = 18;
    public const int HeaderLength = 16;
    public const int IfInfoLength = 16;
    private const ushort IflaIfName = 3;
    private const ushort IflaOperState = 16;

    /// <summary>Appends the link events of <paramref name="datagram"/> to <paramref name="events"/>.</summary>
    /// <returns>How many messages were malformed and dropped.</returns>
    public static int Parse(ReadOnlySpan<byte> datagram, List<LinkEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var dropped = 0;
        var at = 0;
        while (datagram.Length - at >= HeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(datagram[at..]);
            if (length < HeaderLength || length > datagram.Length - at)
            {
                return dropped + 1;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[(at + 4)..]);
            var message = datagram.Slice(at, (int)length);
            if (type is RtmNewLink or RtmDelLink)
            {
                if (TryReadLink(message[HeaderLength..], type == RtmDelLink, out var link))
                {
                    events.Add(link);
                }
                else
                {
                    dropped++;
                }
            }

            // Other types (NLMSG_DONE, NLMSG_ERROR, address messages) carry no link state.
            at += Align((int)length);
        }

        return dropped;
    }

    private static bool TryReadLink(ReadOnlySpan<byte> payload, bool deleted, out LinkEvent link)
    {
        link = null!;
        if (payload.Length < IfInfoLength)
        {
            return false;
        }

        var index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
        if (index <= 0)
        {
            return false;
        }

        var name = string.Empty;
        var operState = OperState.Unknown;
        var at = IfInfoLength;
        while (payload.Length - at >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(payload[at..]);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(payload[(at + 2)..]) & 0x3fff); // without NLA_F_NESTED/NET_BYTEORDER
            if (length < 4 || length > payload.Length - at)
            {
                return false;
            }

            var value = payload.Slice(at + 4, length - 4);
            switch (type)
            {
                case IflaIfName:
                    var end = value.IndexOf((byte)0);
                    var bytes = end < 0 ? value : value[..end];
                    if (bytes.Length == 0 || !System.Text.Unicode.Utf8.IsValid(bytes))
                    {
                        return false;
                    }

                    name = Encoding.UTF8.GetString(bytes);
                    break;
                case IflaOperState:
                    if (value.Length < 1)
                    {
                        return false;
                    }

                    operState = value[0] <= (byte)OperState.Up ? (OperState)value[0] : OperState.Unknown;
                    break;
            }

            at += Align(length);
        }

        link = new LinkEvent(index, name, flags, operState, deleted);
        return true;
    }

    private static int Align(int length) => (length + 3) & ~3;
}
