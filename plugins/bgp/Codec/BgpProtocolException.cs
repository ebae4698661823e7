namespace Ingot.Plugins.Bgp.Codec;

/// <summary>
/// Malformed or unacceptable input from a peer. The session answers it 1:1 with a NOTIFICATION carrying
/// <see cref="Code"/>, <see cref="Subcode"/> and <see cref="Data"/>, then closes (RFC 4271 §6).
/// </summary>
internal sealed class BgpProtocolException : Exception
{
    public BgpProtocolException(BgpErrorCode code, byte subcode, ReadOnlySpan<byte> data, string message)
        : base(message)
    {
        Code = code;
        Subcode = subcode;
        Data = data.ToArray();
    }

    public BgpErrorCode Code { get; }

    public byte Subcode { get; }

    public new byte[] Data { get; }

    public static BgpProtocolException Header(HeaderErrorSubcode subcode, ReadOnlySpan<byte> data, string message)
        => new(BgpErrorCode.MessageHeader, (byte)subcode, data, message);

    public static BgpProtocolException Open(OpenErrorSubcode subcode, ReadOnlySpan<byte> data, string message)
        => new(BgpErrorCode.OpenMessage, (byte)subcode, data, message);

    public static BgpProtocolException Update(UpdateErrorSubcode subcode, ReadOnlySpan<byte> data, string message)
        => new(BgpErrorCode.UpdateMessage, (byte)subcode, data, message);

    public static BgpProtocolException Fsm(FsmErrorSubcode subcode, string message)
        => new(BgpErrorCode.FiniteStateMachine, (byte)subcode, default, message);
}
