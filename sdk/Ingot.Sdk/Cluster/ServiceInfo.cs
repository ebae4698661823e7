using System.Collections.Immutable;
using System.Net;

namespace Ingot.Sdk.Cluster;

/// <summary>The parts of a Kubernetes Service that Ingot reads. Immutable.</summary>
public sealed record ServiceInfo
{
    /// <summary>The Service's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The Service's name.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace and name together.</summary>
    public ServiceKey Key => new(Namespace, Name);

    /// <summary><c>metadata.labels</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary><c>metadata.annotations</c>.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary><c>spec.type</c>; only <c>LoadBalancer</c> Services get addresses.</summary>
    public string Type { get; init; } = "ClusterIP";

    /// <summary>True when <see cref="Type"/> is <c>LoadBalancer</c>.</summary>
    public bool IsLoadBalancer => string.Equals(Type, "LoadBalancer", StringComparison.Ordinal);

    /// <summary><c>spec.loadBalancerClass</c>, or null.</summary>
    public string? LoadBalancerClass { get; init; }

    /// <summary>
    /// <c>spec.clusterIPs</c> (or <c>spec.clusterIP</c> when the list is absent), as written; <c>None</c> and empty values are
    /// left out. Kept as text so that an unparseable value can be reported.
    /// </summary>
    public IReadOnlyList<string> ClusterIPs { get; init; } = [];

    /// <summary><c>spec.ipFamilyPolicy</c>; null when absent (MetalLB treats that as SingleStack).</summary>
    public IpFamilyPolicy? IpFamilyPolicy { get; init; }

    /// <summary><c>spec.ipFamilies</c> in order: <c>IPv4</c> / <c>IPv6</c>.</summary>
    public IReadOnlyList<string> IpFamilies { get; init; } = [];

    /// <summary><c>spec.loadBalancerIP</c>, or null.</summary>
    public string? LoadBalancerIP { get; init; }

    /// <summary><c>spec.ports</c>.</summary>
    public IReadOnlyList<ServicePort> Ports { get; init; } = [];

    /// <summary><c>spec.externalTrafficPolicy</c>.</summary>
    public TrafficPolicy ExternalTrafficPolicy { get; init; } = TrafficPolicy.Cluster;

    /// <summary><c>spec.selector</c>.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// <c>status.loadBalancer.ingress[].ip</c>: the addresses the Service holds now. This is the allocation state, so a
    /// restart or a new leader starts from it and never moves an address.
    /// </summary>
    public IReadOnlyList<IPAddress> StatusAddresses { get; init; } = [];

    /// <summary>Reads an annotation with MetalLB's rule: the <c>metallb.io/</c> key wins if present (even empty), else the
    /// legacy <c>metallb.universe.tf/</c> key.</summary>
    /// <param name="suffix">The part after the prefix, e.g. <c>address-pool</c>.</param>
    /// <returns>The value, or null when neither key is present.</returns>
    public string? GetMetalLbAnnotation(string suffix)
    {
        if (Annotations.TryGetValue("metallb.io/" + suffix, out var value))
        {
            return value;
        }

        return Annotations.TryGetValue("metallb.universe.tf/" + suffix, out value) ? value : null;
    }
}
