using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration;

/// <summary>A validated BGPAdvertisement.</summary>
public sealed record BgpAdvertisement
{
    /// <summary>The advertisement's name.</summary>
    public required string Name { get; init; }

    /// <summary>IPv4 prefix length to announce (default 32).</summary>
    public int AggregationLength { get; init; } = 32;

    /// <summary>IPv6 prefix length to announce (default 128).</summary>
    public int AggregationLengthV6 { get; init; } = 128;

    /// <summary>LOCAL_PREF for iBGP peers; 0 means not set.</summary>
    public uint LocalPref { get; init; }

    /// <summary>Communities with aliases resolved, sorted.</summary>
    public IReadOnlyList<BgpCommunity> Communities { get; init; } = [];

    /// <summary>The pools it applies to.</summary>
    public IReadOnlyList<string> Pools { get; init; } = [];

    /// <summary>The nodes that announce; empty means every node.</summary>
    public IReadOnlyList<LabelSelector> NodeSelectors { get; init; } = [];

    /// <summary>BGPPeer names to announce to; empty means every peer.</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary>The Services it applies to; empty means all.</summary>
    public IReadOnlyList<LabelSelector> ServiceSelectors { get; init; } = [];

    /// <summary>True when the node announces under this advertisement.</summary>
    /// <param name="node">The node.</param>
    /// <returns>True when <see cref="NodeSelectors"/> is empty or one matches.</returns>
    public bool SelectsNode(NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return NodeSelectors.Count == 0 || NodeSelectors.Any(s => s.Matches(node.Labels));
    }

    /// <summary>True when the Service is covered by this advertisement's service selectors.</summary>
    /// <param name="service">The Service.</param>
    /// <returns>True when <see cref="ServiceSelectors"/> is empty or one matches.</returns>
    public bool SelectsService(ServiceInfo service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return ServiceSelectors.Count == 0 || ServiceSelectors.Any(s => s.Matches(service.Labels));
    }

    /// <summary>True when the advertisement goes to the named peer.</summary>
    /// <param name="peerName">The BGPPeer's name.</param>
    /// <returns>True when <see cref="Peers"/> is empty or contains it.</returns>
    public bool AppliesToPeer(string peerName) => Peers.Count == 0 || Peers.Contains(peerName);
}
