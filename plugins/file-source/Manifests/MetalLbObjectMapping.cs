using System.Globalization;
using Ingot.Sdk.Configuration.Resources;
using YamlDotNet.RepresentationModel;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>
/// Maps the <c>metallb.io</c> kinds to the SDK's resource records, shape only: values (ranges, addresses, references) are
/// validated afterwards by <c>MetalLbConfigurationParser</c>, the one validator every source shares.
/// </summary>
internal static class MetalLbObjectMapping
{
    public static IPAddressPoolResource Pool(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var spec = Spec(r, map);
        r.WarnUnknown(spec, "spec", "addresses", "autoAssign", "avoidBuggyIPs", "serviceAllocation");
        ServiceAllocationSpec? allocation = null;
        var sa = r.Mapping(spec, "serviceAllocation", "spec.serviceAllocation");
        if (sa is not null)
        {
            r.WarnUnknown(sa, "spec.serviceAllocation", "priority", "namespaces", "namespaceSelectors", "serviceSelectors");
            allocation = new ServiceAllocationSpec
            {
                Priority = r.Integer(sa, "priority", "spec.serviceAllocation.priority") ?? 0,
                Namespaces = r.StringList(sa, "namespaces", "spec.serviceAllocation.namespaces"),
                NamespaceSelectors = r.SelectorList(sa, "namespaceSelectors", "spec.serviceAllocation.namespaceSelectors"),
                ServiceSelectors = r.SelectorList(sa, "serviceSelectors", "spec.serviceAllocation.serviceSelectors"),
            };
        }

        return new IPAddressPoolResource
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Origin = meta.Origin,
            Addresses = r.StringList(spec, "addresses", "spec.addresses"),
            AutoAssign = r.Bool(spec, "autoAssign", "spec.autoAssign"),
            AvoidBuggyIPs = r.Bool(spec, "avoidBuggyIPs", "spec.avoidBuggyIPs") ?? false,
            ServiceAllocation = allocation,
        };
    }

    public static L2AdvertisementResource L2Advertisement(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var spec = Spec(r, map);
        r.WarnUnknown(spec, "spec", "ipAddressPools", "ipAddressPoolSelectors", "nodeSelectors", "interfaces", "serviceSelectors", "preferredNodeSelectors");
        var preferred = new List<PreferredNodeSelectorSpec>();
        foreach (var (item, field) in r.MappingItems(spec, "preferredNodeSelectors", "spec.preferredNodeSelectors", "weight and preference"))
        {
            var weight = r.Integer(item, "weight", field + ".weight");
            var preferenceNode = ObjectReader.Child(item, "preference");
            if (weight is null || preferenceNode is null)
            {
                if (weight is null && ObjectReader.Child(item, "weight") is null)
                {
                    r.Error(field + ".weight", item, "required");
                }

                if (preferenceNode is null)
                {
                    r.Error(field + ".preference", item, "required");
                }

                continue;
            }

            if (r.Selector(preferenceNode, field + ".preference") is { } preference)
            {
                preferred.Add(new PreferredNodeSelectorSpec(weight.Value, preference));
            }
        }

        return new L2AdvertisementResource
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Origin = meta.Origin,
            IPAddressPools = r.StringList(spec, "ipAddressPools", "spec.ipAddressPools"),
            IPAddressPoolSelectors = r.SelectorList(spec, "ipAddressPoolSelectors", "spec.ipAddressPoolSelectors"),
            NodeSelectors = r.SelectorList(spec, "nodeSelectors", "spec.nodeSelectors"),
            Interfaces = r.StringList(spec, "interfaces", "spec.interfaces"),
            ServiceSelectors = r.SelectorList(spec, "serviceSelectors", "spec.serviceSelectors"),
            PreferredNodeSelectors = preferred,
        };
    }

    public static BgpAdvertisementResource BgpAdvertisement(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var spec = Spec(r, map);
        r.WarnUnknown(spec, "spec", "aggregationLength", "aggregationLengthV6", "localPref", "communities", "ipAddressPools",
            "ipAddressPoolSelectors", "nodeSelectors", "peers", "serviceSelectors");
        return new BgpAdvertisementResource
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Origin = meta.Origin,
            AggregationLength = r.Integer(spec, "aggregationLength", "spec.aggregationLength"),
            AggregationLengthV6 = r.Integer(spec, "aggregationLengthV6", "spec.aggregationLengthV6"),
            LocalPref = r.Integer(spec, "localPref", "spec.localPref") ?? 0,
            Communities = r.StringList(spec, "communities", "spec.communities"),
            IPAddressPools = r.StringList(spec, "ipAddressPools", "spec.ipAddressPools"),
            IPAddressPoolSelectors = r.SelectorList(spec, "ipAddressPoolSelectors", "spec.ipAddressPoolSelectors"),
            NodeSelectors = r.SelectorList(spec, "nodeSelectors", "spec.nodeSelectors"),
            Peers = r.StringList(spec, "peers", "spec.peers"),
            ServiceSelectors = r.SelectorList(spec, "serviceSelectors", "spec.serviceSelectors"),
        };
    }

    public static BgpPeerResource Peer(ObjectReader r, YamlMappingNode map, ObjectMetadata meta, string version)
    {
        var spec = Spec(r, map);
        if (version == "v1beta1")
        {
            r.WarnUnknown(spec, "spec", "myASN", "peerASN", "peerAddress", "sourceAddress", "peerPort", "holdTime", "keepaliveTime",
                "routerID", "nodeSelectors", "password", "passwordSecret", "bfdProfile", "ebgpMultiHop", "vrf");
        }
        else
        {
            r.WarnUnknown(spec, "spec", "myASN", "peerASN", "dynamicASN", "localASN", "peerAddress", "interface", "sourceAddress",
                "peerPort", "holdTime", "keepaliveTime", "connectTime", "routerID", "nodeSelectors", "password", "passwordSecret",
                "bfdProfile", "enableGracefulRestart", "ebgpMultiHop", "vrf", "disableMP", "dualStackAddressFamily");
        }

        var secret = r.Mapping(spec, "passwordSecret", "spec.passwordSecret");
        r.WarnUnknown(secret, "spec.passwordSecret", "name", "namespace");
        return new BgpPeerResource
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Origin = meta.Origin,
            ApiVersion = version,
            MyAsn = r.Integer(spec, "myASN", "spec.myASN"),
            PeerAsn = r.Integer(spec, "peerASN", "spec.peerASN"),
            DynamicAsn = r.String(spec, "dynamicASN", "spec.dynamicASN"),
            LocalAsn = r.Integer(spec, "localASN", "spec.localASN"),
            PeerAddress = r.String(spec, "peerAddress", "spec.peerAddress"),
            Interface = r.String(spec, "interface", "spec.interface"),
            SourceAddress = r.String(spec, "sourceAddress", "spec.sourceAddress"),
            PeerPort = r.Integer(spec, "peerPort", "spec.peerPort"),
            HoldTime = Duration(r, spec, "holdTime"),
            KeepaliveTime = Duration(r, spec, "keepaliveTime"),
            ConnectTime = Duration(r, spec, "connectTime"),
            RouterId = r.String(spec, "routerID", "spec.routerID"),
            NodeSelectors = r.SelectorList(spec, "nodeSelectors", "spec.nodeSelectors"),
            Password = r.String(spec, "password", "spec.password"),
            PasswordSecretName = r.String(secret, "name", "spec.passwordSecret.name"),
            PasswordSecretNamespace = r.String(secret, "namespace", "spec.passwordSecret.namespace"),
            BfdProfile = r.String(spec, "bfdProfile", "spec.bfdProfile"),
            EnableGracefulRestart = r.Bool(spec, "enableGracefulRestart", "spec.enableGracefulRestart") ?? false,
            EbgpMultiHop = r.Bool(spec, "ebgpMultiHop", "spec.ebgpMultiHop") ?? false,
            Vrf = r.String(spec, "vrf", "spec.vrf"),
            DisableMP = r.Bool(spec, "disableMP", "spec.disableMP") ?? false,
            DualStackAddressFamily = r.Bool(spec, "dualStackAddressFamily", "spec.dualStackAddressFamily") ?? false,
        };
    }

    public static CommunityResource Community(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var spec = Spec(r, map);
        r.WarnUnknown(spec, "spec", "communities");
        var aliases = new List<CommunityAliasSpec>();
        foreach (var (item, field) in r.MappingItems(spec, "communities", "spec.communities", "name and value"))
        {
            var name = r.String(item, "name", field + ".name");
            var value = r.String(item, "value", field + ".value");
            if (name is null || value is null)
            {
                r.Error(name is null ? field + ".name" : field + ".value", item, "required");
                continue;
            }

            aliases.Add(new CommunityAliasSpec(name, value));
        }

        return new CommunityResource { Name = meta.Name, Namespace = meta.Namespace, Labels = meta.Labels, Origin = meta.Origin, Communities = aliases };
    }

    public static BfdProfileResource BfdProfile(ObjectReader r, YamlMappingNode map, ObjectMetadata meta)
    {
        var spec = Spec(r, map);
        r.WarnUnknown(spec, "spec", "receiveInterval", "transmitInterval", "detectMultiplier", "echoInterval", "echoMode",
            "passiveMode", "minimumTtl");
        return new BfdProfileResource
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Origin = meta.Origin,
            ReceiveInterval = r.Integer(spec, "receiveInterval", "spec.receiveInterval"),
            TransmitInterval = r.Integer(spec, "transmitInterval", "spec.transmitInterval"),
            DetectMultiplier = r.Integer(spec, "detectMultiplier", "spec.detectMultiplier"),
            EchoInterval = r.Integer(spec, "echoInterval", "spec.echoInterval"),
            EchoMode = r.Bool(spec, "echoMode", "spec.echoMode"),
            PassiveMode = r.Bool(spec, "passiveMode", "spec.passiveMode"),
            MinimumTtl = r.Integer(spec, "minimumTtl", "spec.minimumTtl"),
        };
    }

    private static YamlMappingNode? Spec(ObjectReader r, YamlMappingNode map) => r.Mapping(map, "spec", "spec");

    /// <summary>
    /// A <c>metav1.Duration</c>: a Go duration string such as <c>90s</c>. A bare number is refused as Kubernetes refuses it,
    /// since it is almost always meant as seconds and Go would not read it.
    /// </summary>
    private static string? Duration(ObjectReader r, YamlMappingNode? spec, string key)
    {
        var node = ObjectReader.Child(spec, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } s
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            r.Error("spec." + key, node, $"expected a duration such as \"{s.Value}s\", got the number {s.Value}");
            return null;
        }

        return r.AsString(node, "spec." + key);
    }
}
