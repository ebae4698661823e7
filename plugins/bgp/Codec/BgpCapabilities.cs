namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Capabilities carried in an OPEN (RFC 5492). Unknown capabilities are skipped.</summary>
internal sealed record BgpCapabilities
{
    public const byte Multiprotocol = 1;
    public const byte RouteRefreshCode = 2;
    public const byte GracefulRestartCode = 64;
    public const byte FourOctetAsCode = 65;

    /// <summary>Multiprotocol families (RFC 4760 §8).</summary>
    public IReadOnlyList<BgpFamily> Families { get; init; } = [];

    /// <summary>The 4-octet AS number (RFC 6793 §3), or null when the capability is absent.</summary>
    public uint? FourOctetAs { get; init; }

    /// <summary>Route refresh (RFC 2918 §2).</summary>
    public bool RouteRefresh { get; init; }

    /// <summary>Graceful restart (RFC 4724 §3), or null.</summary>
    public GracefulRestartCapability? GracefulRestart { get; init; }
}
