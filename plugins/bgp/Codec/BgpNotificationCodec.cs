using System.Text;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Writes and parses NOTIFICATION messages.</summary>
/// <remarks>
/// RFC 4271 §4.5: <c>| Error code (1) | Error subcode (1) | Data (variable) |</c>. For Cease / Administrative Shutdown
/// and Administrative Reset the data is a length octet and that many octets of UTF-8 (RFC 8203 §2, RFC 9003 §2: up to
/// 255 octets).
/// </remarks>
internal static class BgpNotificationCodec
{
    public const int MaxShutdownMessageBytes = 255;

    public static int Write(Span<byte> destination, BgpErrorCode code, byte subcode, ReadOnlySpan<byte> data)
    {
        // Data never makes a message exceed the 4096-octet maximum (RFC 4271 §4.1).
        var max = BgpMessageReader.MaxMessageLength - BgpMessageReader.HeaderLength - 2;
        if (data.Length > max)
        {
            data = data[..max];
        }

        var body = destination[BgpMessageReader.HeaderLength..];
        body[0] = (byte)code;
        body[1] = subcode;
        data.CopyTo(body[2..]);
        var total = BgpMessageReader.HeaderLength + 2 + data.Length;
        BgpMessageReader.WriteHeader(destination, total, BgpMessageType.Notification);
        return total;
    }

    /// <summary>Writes Cease with a shutdown communication; the text is cut at a UTF-8 boundary to 255 octets.</summary>
    public static int WriteShutdown(Span<byte> destination, CeaseSubcode subcode, string message)
    {
        Span<byte> data = stackalloc byte[1 + MaxShutdownMessageBytes];
        var length = Utf8Prefix(message, data[1..]);
        data[0] = (byte)length;
        return Write(destination, BgpErrorCode.Cease, (byte)subcode, data[..(1 + length)]);
    }

    public static BgpNotificationMessage Parse(ReadOnlySpan<byte> body)
    {
        var code = (BgpErrorCode)body[0];
        var subcode = body[1];
        var data = body[2..];
        string? text = null;

        // RFC 8203 §2: a shutdown communication whose length does not fit is ignored, never an error.
        if (code == BgpErrorCode.Cease && subcode is (byte)CeaseSubcode.AdministrativeShutdown or (byte)CeaseSubcode.AdministrativeReset
            && !data.IsEmpty && data[0] <= data.Length - 1)
        {
            try
            {
                text = new UTF8Encoding(false, true).GetString(data.Slice(1, data[0]));
            }
            catch (DecoderFallbackException)
            {
                text = null;
            }
        }

        return new BgpNotificationMessage(code, subcode, data.ToArray(), text);
    }

    private static int Utf8Prefix(string message, Span<byte> destination)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        if (bytes.Length <= destination.Length)
        {
            bytes.CopyTo(destination);
            return bytes.Length;
        }

        // Back up to the start of a UTF-8 sequence so the cut never splits a character.
        var n = destination.Length;
        while (n > 0 && (bytes[n] & 0xC0) == 0x80)
        {
            n--;
        }

        bytes.AsSpan(0, n).CopyTo(destination);
        return n;
    }
}
