using System.Buffers;
using System.Buffers.Binary;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Frames BGP messages out of a byte stream.</summary>
/// <remarks>
/// RFC 4271 §4.1:
/// <code>
///  0                   1                   2                   3
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |                       Marker (16 octets, all ones)            |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |          Length               |      Type     |  body ...
/// </code>
/// </remarks>
internal static class BgpMessageReader
{
    public const int HeaderLength = 19;
    public const int MaxMessageLength = 4096;
    private const int MarkerLength = 16;
    private const int LengthOffset = 16;
    private const int TypeOffset = 18;

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>. False only when more bytes are needed (nothing
    /// consumed); malformed headers throw <see cref="BgpProtocolException"/>.
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out BgpMessageType type, out ReadOnlySequence<byte> body)
    {
        type = default;
        body = default;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        var length = ValidateHeader(header, out type);
        if (buffer.Length < length)
        {
            return false;
        }

        body = buffer.Slice(HeaderLength, length - HeaderLength);
        buffer = buffer.Slice(length);
        return true;
    }

    /// <summary>Span form of <see cref="TryReadMessage(ref ReadOnlySequence{byte}, out BgpMessageType, out ReadOnlySequence{byte})"/>.</summary>
    public static bool TryReadMessage(ReadOnlySpan<byte> buffer, out BgpMessageType type, out ReadOnlySpan<byte> body, out int consumed)
    {
        type = default;
        body = default;
        consumed = 0;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        var length = ValidateHeader(buffer[..HeaderLength], out type);
        if (buffer.Length < length)
        {
            return false;
        }

        body = buffer[HeaderLength..length];
        consumed = length;
        return true;
    }

    /// <summary>Checks marker, length and type (RFC 4271 §6.1) and returns the message length.</summary>
    public static int ValidateHeader(ReadOnlySpan<byte> header, out BgpMessageType type)
    {
        // RFC 4271 §6.1: a marker that is not all ones means the connection lost synchronisation.
        if (header[..MarkerLength].ContainsAnyExcept((byte)0xFF))
        {
            throw BgpProtocolException.Header(HeaderErrorSubcode.ConnectionNotSynchronized, default, "marker is not all ones");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(header[LengthOffset..]);
        var lengthField = header.Slice(LengthOffset, 2);
        if (length < HeaderLength || length > MaxMessageLength)
        {
            throw BgpProtocolException.Header(HeaderErrorSubcode.BadMessageLength, lengthField, $"message length {length} outside 19..4096");
        }

        type = (BgpMessageType)header[TypeOffset];

        // RFC 4271 §6.1: the length must suit the type; RFC 2918 §3 gives ROUTE-REFRESH its fixed size.
        var ok = type switch
        {
            BgpMessageType.Open => length >= HeaderLength + 10,
            BgpMessageType.Update => length >= HeaderLength + 4,
            BgpMessageType.Notification => length >= HeaderLength + 2,
            BgpMessageType.Keepalive => length == HeaderLength,
            BgpMessageType.RouteRefresh => length == HeaderLength + 4,
            _ => throw BgpProtocolException.Header(HeaderErrorSubcode.BadMessageType, header.Slice(TypeOffset, 1), $"unknown message type {header[TypeOffset]}"),
        };
        if (!ok)
        {
            throw BgpProtocolException.Header(HeaderErrorSubcode.BadMessageLength, lengthField, $"length {length} is wrong for a {type} message");
        }

        return length;
    }

    /// <summary>Writes a header with the given total length.</summary>
    public static void WriteHeader(Span<byte> destination, int length, BgpMessageType type)
    {
        destination[..MarkerLength].Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(destination[LengthOffset..], checked((ushort)length));
        destination[TypeOffset] = (byte)type;
    }

    /// <summary>Writes a KEEPALIVE (RFC 4271 §4.4): a bare header.</summary>
    public static int WriteKeepalive(Span<byte> destination)
    {
        WriteHeader(destination, HeaderLength, BgpMessageType.Keepalive);
        return HeaderLength;
    }

    /// <summary>Writes a ROUTE-REFRESH (RFC 2918 §3): AFI, reserved, SAFI.</summary>
    public static int WriteRouteRefresh(Span<byte> destination, BgpFamily family)
    {
        WriteHeader(destination, HeaderLength + 4, BgpMessageType.RouteRefresh);
        BinaryPrimitives.WriteUInt16BigEndian(destination[HeaderLength..], family.Afi);
        destination[HeaderLength + 2] = 0;
        destination[HeaderLength + 3] = family.Safi;
        return HeaderLength + 4;
    }

    /// <summary>Reads a ROUTE-REFRESH body (the framer already checked its length).</summary>
    public static BgpFamily ReadRouteRefresh(ReadOnlySpan<byte> body)
        => new(BinaryPrimitives.ReadUInt16BigEndian(body), body[3]);
}
