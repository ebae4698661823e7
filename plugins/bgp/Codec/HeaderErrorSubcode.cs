namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Message Header Error subcodes (RFC 4271 §4.5).</summary>
internal enum HeaderErrorSubcode : byte
{
    ConnectionNotSynchronized = 1,
    BadMessageLength = 2,
    BadMessageType = 3,
}
