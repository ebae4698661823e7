namespace Ingot.Plugins.Bgp.Codec;

/// <summary>OPEN Message Error subcodes (RFC 4271 §4.5, RFC 5492 §5).</summary>
internal enum OpenErrorSubcode : byte
{
    Unspecific = 0,
    UnsupportedVersionNumber = 1,
    BadPeerAs = 2,
    BadBgpIdentifier = 3,
    UnsupportedOptionalParameter = 4,
    UnacceptableHoldTime = 6,
    UnsupportedCapability = 7,
}
