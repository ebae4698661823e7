namespace Ingot.Plugins.Bgp.Codec;

/// <summary>UPDATE Message Error subcodes (RFC 4271 §4.5).</summary>
internal enum UpdateErrorSubcode : byte
{
    MalformedAttributeList = 1,
    UnrecognizedWellKnownAttribute = 2,
    MissingWellKnownAttribute = 3,
    AttributeFlagsError = 4,
    AttributeLengthError = 5,
    InvalidOriginAttribute = 6,
    InvalidNextHopAttribute = 8,
    OptionalAttributeError = 9,
    InvalidNetworkField = 10,
    MalformedAsPath = 11,
}
