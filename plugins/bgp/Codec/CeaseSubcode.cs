namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Cease subcodes (RFC 4486 §4, RFC 8538 §3, RFC 9384 §2).</summary>
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
    HardReset = 9,
    BfdDown = 10,
}
