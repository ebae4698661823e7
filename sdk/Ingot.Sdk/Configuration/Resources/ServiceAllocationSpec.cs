using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Resources;

/// <summary>An IPAddressPool's <c>spec.serviceAllocation</c>.</summary>
public sealed record ServiceAllocationSpec
{
    /// <summary><c>priority</c>; lower is preferred, 0 means none.</summary>
    public long Priority { get; init; }

    /// <summary><c>namespaces</c>.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary><c>namespaceSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> NamespaceSelectors { get; init; } = [];

    /// <summary><c>serviceSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> ServiceSelectors { get; init; } = [];
}
