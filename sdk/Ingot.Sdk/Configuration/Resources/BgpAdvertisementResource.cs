using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Resources;

/// <summary><c>metallb.io/v1beta1</c> BGPAdvertisement.</summary>
public sealed record BgpAdvertisementResource : MetalLbResource
{
    /// <inheritdoc />
    public override string Kind => "BGPAdvertisement";

    /// <summary><c>spec.aggregationLength</c>; null means 32.</summary>
    public long? AggregationLength { get; init; }

    /// <summary><c>spec.aggregationLengthV6</c>; null means 128.</summary>
    public long? AggregationLengthV6 { get; init; }

    /// <summary><c>spec.localPref</c>; 0 means not set.</summary>
    public long LocalPref { get; init; }

    /// <summary><c>spec.communities</c>: aliases, <c>A:B</c> or <c>large:A:B:C</c>.</summary>
    public IReadOnlyList<string> Communities { get; init; } = [];

    /// <summary><c>spec.ipAddressPools</c>.</summary>
    public IReadOnlyList<string> IPAddressPools { get; init; } = [];

    /// <summary><c>spec.ipAddressPoolSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> IPAddressPoolSelectors { get; init; } = [];

    /// <summary><c>spec.nodeSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> NodeSelectors { get; init; } = [];

    /// <summary><c>spec.peers</c>: BGPPeer names.</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary><c>spec.serviceSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> ServiceSelectors { get; init; } = [];
}
