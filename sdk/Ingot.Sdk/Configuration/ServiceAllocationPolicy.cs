using System.Collections.Immutable;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration;

/// <summary>A validated <c>serviceAllocation</c>: which Services a pool is pinned to, and its priority.</summary>
public sealed record ServiceAllocationPolicy
{
    /// <summary>Lower is preferred; 0 means no priority and sorts after every positive one.</summary>
    public int Priority { get; init; }

    /// <summary><c>namespaces</c> united with the names of Namespaces that <c>namespaceSelectors</c> matched.</summary>
    public IReadOnlySet<string> Namespaces { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary><c>serviceSelectors</c>. When the policy names no namespace and no selector at all, this holds
    /// <see cref="LabelSelector.Everything"/> (MetalLB's "priority only" case).</summary>
    public IReadOnlyList<LabelSelector> ServiceSelectors { get; init; } = [];
}
