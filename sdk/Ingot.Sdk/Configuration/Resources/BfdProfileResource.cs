namespace Ingot.Sdk.Configuration.Resources;

/// <summary><c>metallb.io/v1beta1</c> BFDProfile.</summary>
public sealed record BfdProfileResource : MetalLbResource
{
    /// <inheritdoc />
    public override string Kind => "BFDProfile";

    /// <summary><c>spec.receiveInterval</c> in ms.</summary>
    public long? ReceiveInterval { get; init; }

    /// <summary><c>spec.transmitInterval</c> in ms.</summary>
    public long? TransmitInterval { get; init; }

    /// <summary><c>spec.detectMultiplier</c>.</summary>
    public long? DetectMultiplier { get; init; }

    /// <summary><c>spec.echoInterval</c> in ms.</summary>
    public long? EchoInterval { get; init; }

    /// <summary><c>spec.echoMode</c>.</summary>
    public bool? EchoMode { get; init; }

    /// <summary><c>spec.passiveMode</c>.</summary>
    public bool? PassiveMode { get; init; }

    /// <summary><c>spec.minimumTtl</c>.</summary>
    public long? MinimumTtl { get; init; }
}
