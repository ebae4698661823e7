using System.Collections.Immutable;
using System.Net;

namespace Ingot.Sdk.Cluster;

/// <summary>The parts of a Kubernetes Node that Ingot reads. Immutable.</summary>
public sealed record NodeInfo
{
    /// <summary>The label that keeps a node out of load-balancer announcements when present.</summary>
    public const string ExcludeFromLoadBalancersLabel = "node.kubernetes.io/exclude-from-external-load-balancers";

    /// <summary>The Node's name.</summary>
    public required string Name { get; init; }

    /// <summary><c>metadata.labels</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary><c>status.conditions</c> as <c>type → status</c> (<c>True</c>, <c>False</c>, <c>Unknown</c>).</summary>
    public IReadOnlyDictionary<string, string> Conditions { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The <c>InternalIP</c> entries of <c>status.addresses</c>, in manifest order; the speakers' membership heartbeats go to these.</summary>
    public IReadOnlyList<IPAddress> InternalAddresses { get; init; } = [];

    /// <summary>True when the node reports <c>NetworkUnavailable=True</c>.</summary>
    public bool NetworkUnavailable => Conditions.TryGetValue("NetworkUnavailable", out var s) && s == "True";

    /// <summary>True unless the node reports <c>Ready</c> as anything but <c>True</c>.</summary>
    public bool Ready => !Conditions.TryGetValue("Ready", out var s) || s == "True";

    /// <summary>True when the node carries <see cref="ExcludeFromLoadBalancersLabel"/>.</summary>
    public bool ExcludedFromLoadBalancers => Labels.ContainsKey(ExcludeFromLoadBalancersLabel);
}
