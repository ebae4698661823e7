using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Resources;

/// <summary>Everything <see cref="MetalLbConfigurationParser"/> reads: the MetalLB resources plus the Nodes, Namespaces
/// and Secrets that selectors and password references resolve against.</summary>
public sealed record ConfigurationResources
{
    /// <summary>The namespace MetalLB resources live in; objects elsewhere are ignored with a warning.</summary>
    public string MetalLbNamespace { get; init; } = "metallb-system";

    /// <summary>IPAddressPools.</summary>
    public IReadOnlyList<IPAddressPoolResource> Pools { get; init; } = [];

    /// <summary>L2Advertisements.</summary>
    public IReadOnlyList<L2AdvertisementResource> L2Advertisements { get; init; } = [];

    /// <summary>BGPAdvertisements.</summary>
    public IReadOnlyList<BgpAdvertisementResource> BgpAdvertisements { get; init; } = [];

    /// <summary>BGPPeers (v1beta1 and v1beta2).</summary>
    public IReadOnlyList<BgpPeerResource> Peers { get; init; } = [];

    /// <summary>Communities.</summary>
    public IReadOnlyList<CommunityResource> Communities { get; init; } = [];

    /// <summary>BFDProfiles.</summary>
    public IReadOnlyList<BfdProfileResource> BfdProfiles { get; init; } = [];

    /// <summary>Secrets named by BGPPeer <c>passwordSecret</c>.</summary>
    public IReadOnlyList<SecretResource> Secrets { get; init; } = [];

    /// <summary>Nodes, for node selectors.</summary>
    public IReadOnlyList<NodeInfo> Nodes { get; init; } = [];

    /// <summary>Namespaces, for pool namespace selectors.</summary>
    public IReadOnlyList<NamespaceInfo> Namespaces { get; init; } = [];
}
