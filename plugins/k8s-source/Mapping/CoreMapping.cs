using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Net;
using System.Text;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;
using k8s.Models;

namespace Ingot.Plugins.K8sSource.Mapping;

/// <summary>Maps KubernetesClient's core objects to the SDK's records, keeping only what the pipeline reads.</summary>
internal static class CoreMapping
{
    /// <summary>The label that ties an EndpointSlice to its Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    public static ServiceInfo ToServiceInfo(V1Service service)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        IList<string> clusterIPs = spec.ClusterIPs is { Count: > 0 } ips ? ips : spec.ClusterIP is { } one ? [one] : [];
        return new ServiceInfo
        {
            Namespace = string.Intern(service.Metadata.NamespaceProperty ?? "default"),
            Name = service.Metadata.Name,
            Labels = Dictionary(service.Metadata.Labels),
            Annotations = Dictionary(service.Metadata.Annotations),
            Type = string.Intern(spec.Type ?? "ClusterIP"),
            LoadBalancerClass = spec.LoadBalancerClass,
            ClusterIPs = [.. clusterIPs.Where(ip => !string.IsNullOrEmpty(ip) && ip != "None")],
            IpFamilyPolicy = spec.IpFamilyPolicy switch
            {
                "SingleStack" => IpFamilyPolicy.SingleStack,
                "PreferDualStack" => IpFamilyPolicy.PreferDualStack,
                "RequireDualStack" => IpFamilyPolicy.RequireDualStack,
                _ => null,
            },
            IpFamilies = spec.IpFamilies is { Count: > 0 } families ? [.. families.Select(string.Intern)] : [],
            LoadBalancerIP = string.IsNullOrEmpty(spec.LoadBalancerIP) ? null : spec.LoadBalancerIP,
            Ports = spec.Ports is { Count: > 0 } ports
                ? [.. ports.Select(p => new ServicePort(string.Intern((p.Protocol ?? "TCP").ToUpperInvariant()), p.Port, p.Name))]
                : [],
            ExternalTrafficPolicy = spec.ExternalTrafficPolicy == "Local" ? TrafficPolicy.Local : TrafficPolicy.Cluster,
            Selector = Dictionary(spec.Selector),
            StatusAddresses = StatusAddresses(service.Status),
        };
    }

    public static NodeInfo ToNodeInfo(V1Node node) => new()
    {
        Name = node.Metadata.Name,
        Labels = Dictionary(node.Metadata.Labels),
        Conditions = node.Status?.Conditions is { Count: > 0 } conditions
            ? conditions.AsEnumerable().GroupBy(c => c.Type, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.Last().Status, StringComparer.Ordinal)
            : ImmutableDictionary<string, string>.Empty,
        InternalAddresses = InternalAddresses(node.Status?.Addresses),
    };

    // The API server validates addresses, but a malformed one must not take the whole Node down: it is left out.
    private static IReadOnlyList<IPAddress> InternalAddresses(IList<V1NodeAddress>? addresses) =>
        addresses is null
            ? []
            : [.. addresses.Where(a => a.Type == "InternalIP").Select(a => IPAddress.TryParse(a.Address, out var ip) ? ip : null).OfType<IPAddress>()];

    public static NamespaceInfo ToNamespaceInfo(V1Namespace ns) => new()
    {
        Name = ns.Metadata.Name,
        Labels = Dictionary(ns.Metadata.Labels),
    };

    /// <summary>Null for a slice without the Service label: it belongs to no Service.</summary>
    public static EndpointSliceInfo? ToEndpointSliceInfo(V1EndpointSlice slice)
    {
        if (slice.Metadata.Labels is null || !slice.Metadata.Labels.TryGetValue(ServiceNameLabel, out var service) || string.IsNullOrEmpty(service))
        {
            return null;
        }

        return new EndpointSliceInfo
        {
            Namespace = string.Intern(slice.Metadata.NamespaceProperty ?? "default"),
            Name = slice.Metadata.Name,
            ServiceName = service,
            Endpoints = slice.Endpoints is { Count: > 0 } endpoints
                ? [.. endpoints.Select(e => new EndpointInfo
                {
                    Addresses = e.Addresses is { Count: > 0 } a ? [.. a] : [],
                    NodeName = e.NodeName is null ? null : string.Intern(e.NodeName),
                    Ready = e.Conditions?.Ready,
                    Serving = e.Conditions?.Serving,
                })]
                : [],
        };
    }

    public static SecretResource ToSecretResource(V1Secret secret)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            data[key] = Encoding.UTF8.GetString(value);
        }

        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        return new SecretResource
        {
            Name = secret.Metadata.Name,
            Namespace = secret.Metadata.NamespaceProperty,
            Labels = Dictionary(secret.Metadata.Labels),
            Type = secret.Type,
            Data = data,
        };
    }

    private static IReadOnlyList<IPAddress> StatusAddresses(V1ServiceStatus? status)
    {
        if (status?.LoadBalancer?.Ingress is not { Count: > 0 } ingress)
        {
            return [];
        }

        var addresses = new List<IPAddress>(ingress.Count);
        foreach (var entry in ingress)
        {
            if (IPAddress.TryParse(entry.Ip, out var ip))
            {
                addresses.Add(ip);
            }
        }

        return addresses;
    }

    /// <summary>Wraps the deserialized dictionary: it is ours alone once the V1 object is dropped, so no copy is needed.</summary>
    private static IReadOnlyDictionary<string, string> Dictionary(IDictionary<string, string>? source)
        => source is { Count: > 0 } ? new ReadOnlyDictionary<string, string>(source) : ImmutableDictionary<string, string>.Empty;
}
