namespace Ingot.Sdk.Configuration;

/// <summary>
/// A validated BFDProfile: the BFD session (RFC 5880 asynchronous mode) the bgp plugin runs beside each BGP session of a
/// peer that names it. Unset fields take FRR's defaults (300 ms intervals, multiplier 3).
/// </summary>
public sealed record BfdProfile
{
    /// <summary>The profile's name.</summary>
    public required string Name { get; init; }

    /// <summary>Receive interval in ms.</summary>
    public uint? ReceiveInterval { get; init; }

    /// <summary>Transmit interval in ms.</summary>
    public uint? TransmitInterval { get; init; }

    /// <summary>Detect multiplier.</summary>
    public uint? DetectMultiplier { get; init; }

    /// <summary>Echo interval in ms.</summary>
    public uint? EchoInterval { get; init; }

    /// <summary>Echo mode.</summary>
    public bool EchoMode { get; init; }

    /// <summary>Passive mode.</summary>
    public bool PassiveMode { get; init; }

    /// <summary>Minimum TTL.</summary>
    public uint? MinimumTtl { get; init; }
}
