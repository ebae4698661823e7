namespace Ingot.Sdk.Configuration;

/// <summary>A validated BFDProfile. Ingot accepts and reports these; it does not run BFD yet.</summary>
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
