namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Cease subcodes (RFC 4486 §4).</summary>
internal enum CeaseSubcode : byte
{
    MaximumPrefixesReached = 1,
    AdministrativeShutdown = 2,
    PeerDeconfigured = 3,
    AdministrativeReset = 4,
    ConnectionRejected = 5,
    OtherConfigurationChange = 6,
    ConnectionCollisionResolution = 7,
    OutOfResources = 8,
}
