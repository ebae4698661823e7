using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration;

/// <summary>A validated L2Advertisement.</summary>
public sealed record L2Advertisement
{
    /// <summary>The advertisement's name.</summary>
    public required string Name { get; init; }

    /// <summary>The pools it applies to: named, selected, or all pools when it names and selects none.</summary>
    public IReadOnlyList<string> Pools { get; init; } = [];

    /// <summary>The nodes that may announce; empty means every node.</summary>
    public IReadOnlyList<LabelSelector> NodeSelectors { get; init; } = [];

    /// <summary>The interfaces to announce on; empty means every eligible interface.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>The Services it applies to; empty means every Service of its pools.</summary>
    public IReadOnlyList<LabelSelector> ServiceSelectors { get; init; } = [];

    /// <summary><c>preferredNodeSelectors</c> as (weight, selector).</summary>
    public IReadOnlyList<PreferredNodeSelector> PreferredNodeSelectors { get; init; } = [];

    /// <summary>True when the node may announce under this advertisement.</summary>
    /// <param name="node">The node.</param>
    /// <returns>True when <see cref="NodeSelectors"/> is empty or one of them matches.</returns>
    public bool SelectsNode(NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return NodeSelectors.Count == 0 || NodeSelectors.Any(s => s.Matches(node.Labels));
    }

    /// <summary>True when the Service is covered by this advertisement's service selectors.</summary>
    /// <param name="service">The Service.</param>
    /// <returns>True when <see cref="ServiceSelectors"/> is empty or one of them matches.</returns>
    public bool SelectsService(ServiceInfo service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return ServiceSelectors.Count == 0 || ServiceSelectors.Any(s => s.Matches(service.Labels));
    }

    /// <summary>The node's preference score under this advertisement: the sum of the weights of matching preferred
    /// selectors, or 0 when the node is not eligible under <see cref="NodeSelectors"/>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The score.</returns>
    public int PreferenceScore(NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!SelectsNode(node))
        {
            return 0;
        }

        var score = 0;
        foreach (var p in PreferredNodeSelectors)
        {
            if (p.Preference.Matches(node.Labels))
            {
                score += p.Weight;
            }
        }

        return score;
    }
}
