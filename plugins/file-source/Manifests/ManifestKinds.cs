namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>The kinds Ingot reads, by API group.</summary>
internal static class ManifestKinds
{
    public const string MetalLbGroup = "metallb.io";

    public const string IPAddressPool = "IPAddressPool";
    public const string L2Advertisement = "L2Advertisement";
    public const string BgpAdvertisement = "BGPAdvertisement";
    public const string BgpPeer = "BGPPeer";
    public const string Community = "Community";
    public const string BfdProfile = "BFDProfile";
    public const string Service = "Service";
    public const string Node = "Node";
    public const string Namespace = "Namespace";
    public const string Secret = "Secret";
    public const string EndpointSlice = "EndpointSlice";

    /// <summary>Kinds whose objects feed <c>MetalLbConfigurationParser</c> and so decide whether a configuration is stale.</summary>
    public static bool IsConfigurationKind(string kind) => kind is IPAddressPool or L2Advertisement or BgpAdvertisement
        or BgpPeer or Community or BfdProfile or Secret;
}
