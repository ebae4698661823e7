namespace Ingot.Plugins.L2.Codec;

/// <summary>The fields of a validated Neighbor Solicitation (RFC 4861 §4.3) that the responder needs.</summary>
internal readonly record struct NeighborSolicitation(
    MacAddress EthernetDestination,
    MacAddress EthernetSource,
    UInt128 Source,
    UInt128 Destination,
    UInt128 Target,
    bool HasSourceLinkLayerAddress,
    MacAddress SourceLinkLayerAddress);
