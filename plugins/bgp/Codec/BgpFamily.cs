namespace Ingot.Plugins.Bgp.Codec;

/// <summary>An AFI/SAFI pair (RFC 4760 §5). Only unicast IPv4 (1/1) and IPv6 (2/1) carry our routes.</summary>
/// <param name="Afi">Address Family Identifier.</param>
/// <param name="Safi">Subsequent Address Family Identifier.</param>
internal readonly record struct BgpFamily(ushort Afi, byte Safi)
{
    public const ushort AfiIPv4 = 1;
    public const ushort AfiIPv6 = 2;
    public const byte SafiUnicast = 1;

    public static BgpFamily IPv4Unicast { get; } = new(AfiIPv4, SafiUnicast);

    public static BgpFamily IPv6Unicast { get; } = new(AfiIPv6, SafiUnicast);

    public static BgpFamily Of(bool isIPv6) => isIPv6 ? IPv6Unicast : IPv4Unicast;

    public override string ToString() => this == IPv4Unicast ? "ipv4-unicast" : this == IPv6Unicast ? "ipv6-unicast" : $"afi{Afi}/safi{Safi}";
}
