using System.Collections.Immutable;

namespace Ingot.Sdk.Configuration;

/// <summary>The validated MetalLB configuration: what allocators and announcers read. Immutable.</summary>
public sealed record MetalLbConfiguration
{
    /// <summary>No pools, no advertisements, no peers.</summary>
    public static MetalLbConfiguration Empty { get; } = new();

    /// <summary>Pools by name (ordinal order).</summary>
    public IReadOnlyDictionary<string, AddressPool> Pools { get; init; } = ImmutableSortedDictionary<string, AddressPool>.Empty;

    /// <summary>L2Advertisements in name order.</summary>
    public IReadOnlyList<L2Advertisement> L2Advertisements { get; init; } = [];

    /// <summary>BGPAdvertisements in name order.</summary>
    public IReadOnlyList<BgpAdvertisement> BgpAdvertisements { get; init; } = [];

    /// <summary>BGPPeers by name.</summary>
    public IReadOnlyDictionary<string, BgpPeer> Peers { get; init; } = ImmutableSortedDictionary<string, BgpPeer>.Empty;

    /// <summary>BFDProfiles by name.</summary>
    public IReadOnlyDictionary<string, BfdProfile> BfdProfiles { get; init; } = ImmutableSortedDictionary<string, BfdProfile>.Empty;

    /// <summary>Community aliases by name.</summary>
    public IReadOnlyDictionary<string, BgpCommunity> Communities { get; init; } = ImmutableSortedDictionary<string, BgpCommunity>.Empty;
}
