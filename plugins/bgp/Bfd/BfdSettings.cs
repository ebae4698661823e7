using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>One session's timers and role (RFC 5880 §6.8.1 bfd.DesiredMinTxInterval, bfd.RequiredMinRxInterval, bfd.DetectMult).</summary>
internal sealed record BfdSettings
{
    /// <summary>MetalLB's and FRR's default for both intervals.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(300);

    public const byte DefaultDetectMultiplier = 3;

    /// <summary>MetalLB's default minimum TTL for multihop sessions.</summary>
    public const byte DefaultMinimumTtl = 254;

    public static BfdSettings Default { get; } = new();

    public TimeSpan DesiredMinTx { get; init; } = DefaultInterval;

    public TimeSpan RequiredMinRx { get; init; } = DefaultInterval;

    public byte DetectMultiplier { get; init; } = DefaultDetectMultiplier;

    /// <summary>RFC 5880 §6.1: send nothing until the peer has spoken.</summary>
    public bool Passive { get; init; }

    /// <summary>Multihop only (RFC 5883 §5): packets arriving with a lower TTL or hop limit are dropped.</summary>
    public byte MinimumTtl { get; init; } = DefaultMinimumTtl;

    /// <summary>
    /// A MetalLB BFDProfile (milliseconds) with MetalLB's defaults for what it leaves out. Echo settings are ignored: we run
    /// no echo function.
    /// </summary>
    public static BfdSettings From(BfdProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new BfdSettings
        {
            DesiredMinTx = profile.TransmitInterval is { } tx ? TimeSpan.FromMilliseconds(tx) : DefaultInterval,
            RequiredMinRx = profile.ReceiveInterval is { } rx ? TimeSpan.FromMilliseconds(rx) : DefaultInterval,
            DetectMultiplier = profile.DetectMultiplier is { } m ? (byte)Math.Clamp(m, 1u, byte.MaxValue) : DefaultDetectMultiplier,
            Passive = profile.PassiveMode,
            MinimumTtl = profile.MinimumTtl is { } ttl ? (byte)Math.Clamp(ttl, 1u, byte.MaxValue) : DefaultMinimumTtl,
        };
    }
}
