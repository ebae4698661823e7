using System.Collections.Immutable;
using System.Net;
using System.Text;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;
using YamlDotNet.RepresentationModel;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>Maps the core Kubernetes kinds Ingot reads: Service, Node, Namespace, EndpointSlice, Secret.</summary>
internal static class CoreObjectMapping
{
    public static ServiceInfo Service(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var spec = r.Mapping(map, "spec", "spec");
        var type = r.String(spec, "type", "spec.type") ?? "ClusterIP";
        if (type is not ("ClusterIP" or "NodePort" or "LoadBalancer" or "ExternalName"))
        {
            r.Error("spec.type", ObjectReader.Child(spec, "type"), $"unsupported value \"{type}\": ClusterIP, NodePort, LoadBalancer or ExternalName");
        }

        IpFamilyPolicy? policy = null;
        var policyText = r.String(spec, "ipFamilyPolicy", "spec.ipFamilyPolicy");
        if (policyText is not null)
        {
            if (Enum.TryParse<IpFamilyPolicy>(policyText, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed))
            {
                policy = parsed;
            }
            else
            {
                r.Error("spec.ipFamilyPolicy", ObjectReader.Child(spec, "ipFamilyPolicy"), $"unsupported value \"{policyText}\": SingleStack, PreferDualStack or RequireDualStack");
            }
        }

        var families = r.StringList(spec, "ipFamilies", "spec.ipFamilies");
        for (var i = 0; i < families.Count; i++)
        {
            if (families[i] is not ("IPv4" or "IPv6"))
            {
                r.Error($"spec.ipFamilies[{i}]", ObjectReader.Child(spec, "ipFamilies"), $"unsupported value \"{families[i]}\": IPv4 or IPv6");
            }
        }

        var clusterIPs = r.StringList(spec, "clusterIPs", "spec.clusterIPs");
        var clusterIP = r.String(spec, "clusterIP", "spec.clusterIP");
        if (clusterIPs.Count == 0 && clusterIP is not null)
        {
            clusterIPs = [clusterIP];
        }

        clusterIPs = [.. clusterIPs.Where(ip => ip.Length > 0 && ip != "None")];
        var headless = clusterIP == "None";
        if (clusterIPs.Count == 0 && !headless && type != "ExternalName")
        {
            // A manifest written for kubectl apply has no cluster IP: the API server allocates one from its service CIDR.
            // The file source has no service CIDR; it fills in the unspecified address of each family the API server
            // would have chosen, which is all the allocator reads the cluster IPs for (the Service's families).
            var chosen = families.Count > 0
                ? families
                : policy is IpFamilyPolicy.PreferDualStack or IpFamilyPolicy.RequireDualStack ? ["IPv4", "IPv6"] : ["IPv4"];
            clusterIPs = [.. chosen.Select(f => f == "IPv6" ? IPAddress.IPv6Any.ToString() : IPAddress.Any.ToString())];
            if (families.Count == 0)
            {
                families = chosen;
            }
        }

        var etpText = r.String(spec, "externalTrafficPolicy", "spec.externalTrafficPolicy");
        var etp = TrafficPolicy.Cluster;
        if (etpText is "Local")
        {
            etp = TrafficPolicy.Local;
        }
        else if (etpText is not (null or "Cluster"))
        {
            r.Error("spec.externalTrafficPolicy", ObjectReader.Child(spec, "externalTrafficPolicy"), $"unsupported value \"{etpText}\": Cluster or Local");
        }

        var ingress = new List<IPAddress>();
        var status = r.Mapping(map, "status", "status");
        var lb = r.Mapping(status, "loadBalancer", "status.loadBalancer");
        var ingressSeq = r.Sequence(lb, "ingress", "status.loadBalancer.ingress");
        for (var i = 0; ingressSeq is not null && i < ingressSeq.Children.Count; i++)
        {
            var field = $"status.loadBalancer.ingress[{i}]";
            if (ingressSeq.Children[i] is not YamlMappingNode entry)
            {
                r.Error(field, ingressSeq.Children[i], $"expected a mapping with ip, got {ObjectReader.Describe(ingressSeq.Children[i])}");
                continue;
            }

            var ip = r.String(entry, "ip", field + ".ip");
            if (ip is null)
            {
                continue; // a hostname-only entry: MetalLB reads IPs only
            }

            if (IPAddress.TryParse(ip, out var address))
            {
                ingress.Add(address);
            }
            else
            {
                r.Error(field + ".ip", ObjectReader.Child(entry, "ip"), $"\"{ip}\" is not an IP address");
            }
        }

        return new ServiceInfo
        {
            Namespace = meta.Namespace,
            Name = meta.Name,
            Labels = meta.Labels,
            Annotations = meta.Annotations,
            Type = type,
            LoadBalancerClass = r.String(spec, "loadBalancerClass", "spec.loadBalancerClass"),
            ClusterIPs = clusterIPs,
            IpFamilyPolicy = policy,
            IpFamilies = families,
            LoadBalancerIP = r.String(spec, "loadBalancerIP", "spec.loadBalancerIP") is { Length: > 0 } lbip ? lbip : null,
            Ports = Ports(r, spec),
            ExternalTrafficPolicy = etp,
            Selector = r.StringMap(spec, "selector", "spec.selector"),
            StatusAddresses = ingress,
        };
    }

    public static NodeInfo Node(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var conditions = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var status = r.Mapping(map, "status", "status");
        foreach (var (field, entry, type, value) in TypedEntries(r, status, "conditions", "status"))
        {
            if (value is not ("True" or "False" or "Unknown"))
            {
                r.Error(field + ".status", ObjectReader.Child(entry, "status"), $"unsupported value \"{value}\": True, False or Unknown");
                continue;
            }

            conditions[type] = value;
        }

        var addresses = new List<IPAddress>();
        foreach (var (field, entry, type, text) in TypedEntries(r, status, "addresses", "address"))
        {
            // Only InternalIP matters: it is where the peers' heartbeats go; Hostname and ExternalIP entries are legal and ignored.
            if (type != "InternalIP")
            {
                continue;
            }

            if (!IPAddress.TryParse(text, out var ip))
            {
                r.Error(field + ".address", ObjectReader.Child(entry, "address"), $"\"{text}\" is not an IP address");
                continue;
            }

            addresses.Add(ip);
        }

        return new NodeInfo { Name = meta.Name, Labels = meta.Labels, Conditions = conditions.ToImmutable(), InternalAddresses = addresses };
    }

    /// <summary>
    /// The entries of <c>status.{list}</c> that are mappings holding both <c>type</c> and <paramref name="valueKey"/>;
    /// any other entry is reported, naming its field, and left out.
    /// </summary>
    private static IEnumerable<(string Field, YamlMappingNode Entry, string Type, string Value)> TypedEntries(
        ObjectReader r, YamlMappingNode? status, string list, string valueKey)
    {
        var seq = r.Sequence(status, list, "status." + list);
        for (var i = 0; seq is not null && i < seq.Children.Count; i++)
        {
            var field = $"status.{list}[{i}]";
            if (seq.Children[i] is not YamlMappingNode entry)
            {
                r.Error(field, seq.Children[i], $"expected a mapping with type and {valueKey}, got {ObjectReader.Describe(seq.Children[i])}");
                continue;
            }

            var type = r.String(entry, "type", field + ".type");
            var value = r.String(entry, valueKey, field + "." + valueKey);
            if (type is null || value is null)
            {
                r.Error(field, entry, $"type and {valueKey} are required");
                continue;
            }

            yield return (field, entry, type, value);
        }
    }

    public static NamespaceInfo Namespace(ObjectMetadata meta) => new() { Name = meta.Name, Labels = meta.Labels };

    public static EndpointSliceInfo? EndpointSlice(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var endpoints = new List<EndpointInfo>();
        var seq = r.Sequence(map, "endpoints", "endpoints");
        for (var i = 0; seq is not null && i < seq.Children.Count; i++)
        {
            var field = $"endpoints[{i}]";
            if (seq.Children[i] is not YamlMappingNode e)
            {
                r.Error(field, seq.Children[i], $"expected a mapping, got {ObjectReader.Describe(seq.Children[i])}");
                continue;
            }

            var conditions = r.Mapping(e, "conditions", field + ".conditions");
            endpoints.Add(new EndpointInfo
            {
                Addresses = r.StringList(e, "addresses", field + ".addresses"),
                NodeName = r.String(e, "nodeName", field + ".nodeName"),
                Ready = r.Bool(conditions, "ready", field + ".conditions.ready"),
                Serving = r.Bool(conditions, "serving", field + ".conditions.serving"),
            });
        }

        if (!meta.Labels.TryGetValue("kubernetes.io/service-name", out var service) || service.Length == 0)
        {
            r.Warning("metadata.labels", null, "no kubernetes.io/service-name label: the slice belongs to no Service and is ignored");
            return null;
        }

        return new EndpointSliceInfo { Namespace = meta.Namespace, Name = meta.Name, ServiceName = service, Endpoints = endpoints };
    }

    public static SecretResource Secret(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var data = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var encoded = r.StringMap(map, "data", "data");
        foreach (var (key, value) in encoded)
        {
            try
            {
                data[key] = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            }
            catch (FormatException)
            {
                r.Error($"data.{key}", ObjectReader.Child(ObjectReader.Child(map, "data") as YamlMappingNode, key), "not valid base64");
            }
        }

        // As the API server does: stringData is merged over data.
        foreach (var (key, value) in r.StringMap(map, "stringData", "stringData"))
        {
            data[key] = value;
        }

        return new SecretResource
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Origin = meta.Origin,
            Type = r.String(map, "type", "type") ?? "Opaque",
            Data = data.ToImmutable(),
        };
    }

    private static List<ServicePort> Ports(ObjectReader r, YamlMappingNode? spec)
    {
        var ports = new List<ServicePort>();
        var seq = r.Sequence(spec, "ports", "spec.ports");
        for (var i = 0; seq is not null && i < seq.Children.Count; i++)
        {
            var field = $"spec.ports[{i}]";
            if (seq.Children[i] is not YamlMappingNode p)
            {
                r.Error(field, seq.Children[i], $"expected a mapping with port and protocol, got {ObjectReader.Describe(seq.Children[i])}");
                continue;
            }

            var port = r.Integer(p, "port", field + ".port");
            var protocol = r.String(p, "protocol", field + ".protocol") ?? "TCP";
            if (port is null)
            {
                if (ObjectReader.Child(p, "port") is null)
                {
                    r.Error(field + ".port", p, "required");
                }

                continue;
            }

            if (port is < 1 or > 65535)
            {
                r.Error(field + ".port", ObjectReader.Child(p, "port"), $"{port} is out of range 1-65535");
                continue;
            }

            if (protocol is not ("TCP" or "UDP" or "SCTP"))
            {
                r.Error(field + ".protocol", ObjectReader.Child(p, "protocol"), $"unsupported value \"{protocol}\": TCP, UDP or SCTP");
                continue;
            }

            ports.Add(new ServicePort(protocol, (int)port.Value, r.String(p, "name", field + ".name")));
        }

        return ports;
    }
}
