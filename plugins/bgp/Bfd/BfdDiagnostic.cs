namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>Why the local system last left Up (the Diag field, RFC 5880 §4.1); values above 8 are reserved.</summary>
internal enum BfdDiagnostic : byte
{
    None = 0,
    ControlDetectionTimeExpired = 1,
    EchoFunctionFailed = 2,
    NeighborSignaledSessionDown = 3,
    ForwardingPlaneReset = 4,
    PathDown = 5,
    ConcatenatedPathDown = 6,
    AdministrativelyDown = 7,
    ReverseConcatenatedPathDown = 8,
}
