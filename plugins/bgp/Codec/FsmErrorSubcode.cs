namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Finite State Machine Error subcodes (RFC 6608 §4).</summary>
internal enum FsmErrorSubcode : byte
{
    Unspecified = 0,
    UnexpectedMessageInOpenSent = 1,
    UnexpectedMessageInOpenConfirm = 2,
    UnexpectedMessageInEstablished = 3,
}
