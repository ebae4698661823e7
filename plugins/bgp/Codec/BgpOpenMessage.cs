namespace Ingot.Plugins.Bgp.Codec;

/// <summary>An OPEN message (RFC 4271 §4.2).</summary>
internal sealed record BgpOpenMessage
{
    /// <summary>AS_TRANS, sent in My Autonomous System when the real AS needs 4 octets (RFC 6793 §9).</summary>
    public const ushort AsTrans = 23456;

    public byte Version { get; init; } = 4;

    /// <summary>The 2-octet My Autonomous System field.</summary>
    public ushort MyAs { get; init; }

    public ushort HoldTimeSeconds { get; init; }

    public uint BgpIdentifier { get; init; }

    public BgpCapabilities Capabilities { get; init; } = new();

    /// <summary>The speaker's AS: the 4-octet capability when present, else the 2-octet field (RFC 6793 §4.1).</summary>
    public uint Asn => Capabilities.FourOctetAs ?? MyAs;

    /// <summary>Builds our OPEN for an AS, using AS_TRANS in the 2-octet field when the AS needs 4 octets.</summary>
    public static BgpOpenMessage Create(uint asn, ushort holdTimeSeconds, uint bgpIdentifier, BgpCapabilities capabilities)
        => new()
        {
            MyAs = asn > ushort.MaxValue ? AsTrans : (ushort)asn,
            HoldTimeSeconds = holdTimeSeconds,
            BgpIdentifier = bgpIdentifier,
            Capabilities = capabilities with { FourOctetAs = asn },
        };
}
