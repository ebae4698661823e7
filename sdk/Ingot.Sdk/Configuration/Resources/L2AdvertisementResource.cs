using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Resources;

/// <summary><c>metallb.io/v1beta1</c> L2Advertisement.</summary>
public sealed record L2AdvertisementResource : MetalLbResource
{
    /// <inheritdoc />
    public override string Kind => "L2Advertisement";

    /// <summary><c>spec.ipAddressPools</c>.</summary>
    public IReadOnlyList<string> IPAddressPools { get; init; } = [];

    /// <summary><c>spec.ipAddressPoolSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> IPAddressPoolSelectors { get; init; } = [];

    /// <summary><c>spec.nodeSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> NodeSelectors { get; init; } = [];

    /// <summary><c>spec.interfaces</c>.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary><c>spec.serviceSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> ServiceSelectors { get; init; } = [];

    /// <summary><c>spec.preferredNodeSelectors</c>.</summary>
    public IReadOnlyList<PreferredNodeSelectorSpec> PreferredNodeSelectors { get; init; } = [];
}
