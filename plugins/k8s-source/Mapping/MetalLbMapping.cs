using System.Text.Json;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Plugins.K8sSource.Mapping;

/// <summary>Maps <c>metallb.io</c> objects (unstructured JSON from the custom-objects API) to the SDK's resource records,
/// field by field as the CRDs define them. Validation is the parser's job; this only reads.</summary>
internal static class MetalLbMapping
{
    public static MappedResource? IPAddressPool(JsonElement obj, string version) => Map(obj, "IPAddressPool", (f, spec, r) => new IPAddressPoolResource
    {
        Name = r.Name,
        Namespace = r.Namespace,
        Labels = r.Labels,
        Addresses = f.Strings(spec, "addresses", "spec.addresses"),
        AutoAssign = f.Bool(spec, "autoAssign", "spec.autoAssign"),
        AvoidBuggyIPs = f.Bool(spec, "avoidBuggyIPs", "spec.avoidBuggyIPs") ?? false,
        ServiceAllocation = JsonFields.Child(spec, "serviceAllocation") is { } sa
            ? new ServiceAllocationSpec
            {
                Priority = f.Long(sa, "priority", "spec.serviceAllocation.priority") ?? 0,
                Namespaces = f.Strings(sa, "namespaces", "spec.serviceAllocation.namespaces"),
                NamespaceSelectors = f.Selectors(sa, "namespaceSelectors", "spec.serviceAllocation.namespaceSelectors"),
                ServiceSelectors = f.Selectors(sa, "serviceSelectors", "spec.serviceAllocation.serviceSelectors"),
            }
            : null,
    });

    public static MappedResource? L2Advertisement(JsonElement obj, string version) => Map(obj, "L2Advertisement", (f, spec, r) => new L2AdvertisementResource
    {
        Name = r.Name,
        Namespace = r.Namespace,
        Labels = r.Labels,
        IPAddressPools = f.Strings(spec, "ipAddressPools", "spec.ipAddressPools"),
        IPAddressPoolSelectors = f.Selectors(spec, "ipAddressPoolSelectors", "spec.ipAddressPoolSelectors"),
        NodeSelectors = f.Selectors(spec, "nodeSelectors", "spec.nodeSelectors"),
        Interfaces = f.Strings(spec, "interfaces", "spec.interfaces"),
        ServiceSelectors = f.Selectors(spec, "serviceSelectors", "spec.serviceSelectors"),
        PreferredNodeSelectors = [.. f.Objects(spec, "preferredNodeSelectors", "spec.preferredNodeSelectors").Select((p, i) => new PreferredNodeSelectorSpec(
            f.Long(p, "weight", $"spec.preferredNodeSelectors[{i}].weight") ?? 0,
            JsonFields.Child(p, "preference") is { } pref ? f.Selector(pref, $"spec.preferredNodeSelectors[{i}].preference") : Ingot.Sdk.Cluster.LabelSelector.Everything))],
    });

    public static MappedResource? BgpAdvertisement(JsonElement obj, string version) => Map(obj, "BGPAdvertisement", (f, spec, r) => new BgpAdvertisementResource
    {
        Name = r.Name,
        Namespace = r.Namespace,
        Labels = r.Labels,
        AggregationLength = f.Long(spec, "aggregationLength", "spec.aggregationLength"),
        AggregationLengthV6 = f.Long(spec, "aggregationLengthV6", "spec.aggregationLengthV6"),
        LocalPref = f.Long(spec, "localPref", "spec.localPref") ?? 0,
        Communities = f.Strings(spec, "communities", "spec.communities"),
        IPAddressPools = f.Strings(spec, "ipAddressPools", "spec.ipAddressPools"),
        IPAddressPoolSelectors = f.Selectors(spec, "ipAddressPoolSelectors", "spec.ipAddressPoolSelectors"),
        NodeSelectors = f.Selectors(spec, "nodeSelectors", "spec.nodeSelectors"),
        Peers = f.Strings(spec, "peers", "spec.peers"),
        ServiceSelectors = f.Selectors(spec, "serviceSelectors", "spec.serviceSelectors"),
    });

    public static MappedResource? BgpPeer(JsonElement obj, string version) => Map(obj, "BGPPeer", (f, spec, r) => new BgpPeerResource
    {
        Name = r.Name,
        Namespace = r.Namespace,
        Labels = r.Labels,
        ApiVersion = version,
        MyAsn = f.Long(spec, "myASN", "spec.myASN"),
        PeerAsn = f.Long(spec, "peerASN", "spec.peerASN"),
        DynamicAsn = f.String(spec, "dynamicASN", "spec.dynamicASN"),
        LocalAsn = f.Long(spec, "localASN", "spec.localASN"),
        PeerAddress = f.String(spec, "peerAddress", "spec.peerAddress"),
        Interface = f.String(spec, "interface", "spec.interface"),
        SourceAddress = f.String(spec, "sourceAddress", "spec.sourceAddress"),
        PeerPort = f.Long(spec, "peerPort", "spec.peerPort"),
        HoldTime = f.String(spec, "holdTime", "spec.holdTime"),
        KeepaliveTime = f.String(spec, "keepaliveTime", "spec.keepaliveTime"),
        ConnectTime = f.String(spec, "connectTime", "spec.connectTime"),
        RouterId = f.String(spec, "routerID", "spec.routerID"),
        NodeSelectors = f.Selectors(spec, "nodeSelectors", "spec.nodeSelectors"),
        Password = f.String(spec, "password", "spec.password"),
        PasswordSecretName = JsonFields.Child(spec, "passwordSecret") is { } ps ? f.String(ps, "name", "spec.passwordSecret.name") : null,
        PasswordSecretNamespace = JsonFields.Child(spec, "passwordSecret") is { } ps2 ? f.String(ps2, "namespace", "spec.passwordSecret.namespace") : null,
        BfdProfile = f.String(spec, "bfdProfile", "spec.bfdProfile"),
        EnableGracefulRestart = f.Bool(spec, "enableGracefulRestart", "spec.enableGracefulRestart") ?? false,
        EbgpMultiHop = f.Bool(spec, "ebgpMultiHop", "spec.ebgpMultiHop") ?? false,
        Vrf = f.String(spec, "vrf", "spec.vrf"),
        DisableMP = f.Bool(spec, "disableMP", "spec.disableMP") ?? false,
        DualStackAddressFamily = f.Bool(spec, "dualStackAddressFamily", "spec.dualStackAddressFamily") ?? false,
    });

    public static MappedResource? Community(JsonElement obj, string version) => Map(obj, "Community", (f, spec, r) => new CommunityResource
    {
        Name = r.Name,
        Namespace = r.Namespace,
        Labels = r.Labels,
        Communities = [.. f.Objects(spec, "communities", "spec.communities").Select((c, i) => new CommunityAliasSpec(
            f.String(c, "name", $"spec.communities[{i}].name") ?? string.Empty,
            f.String(c, "value", $"spec.communities[{i}].value") ?? string.Empty))],
    });

    public static MappedResource? BfdProfile(JsonElement obj, string version) => Map(obj, "BFDProfile", (f, spec, r) => new BfdProfileResource
    {
        Name = r.Name,
        Namespace = r.Namespace,
        Labels = r.Labels,
        ReceiveInterval = f.Long(spec, "receiveInterval", "spec.receiveInterval"),
        TransmitInterval = f.Long(spec, "transmitInterval", "spec.transmitInterval"),
        DetectMultiplier = f.Long(spec, "detectMultiplier", "spec.detectMultiplier"),
        EchoInterval = f.Long(spec, "echoInterval", "spec.echoInterval"),
        EchoMode = f.Bool(spec, "echoMode", "spec.echoMode"),
        PassiveMode = f.Bool(spec, "passiveMode", "spec.passiveMode"),
        MinimumTtl = f.Long(spec, "minimumTtl", "spec.minimumTtl"),
    });

    private static MappedResource? Map(JsonElement obj, string kind, Func<JsonFields, JsonElement, (string Name, string? Namespace, IReadOnlyDictionary<string, string> Labels), MetalLbResource> build)
    {
        if (JsonFields.Child(obj, "metadata") is not { } metadata || JsonFields.Child(metadata, "name")?.GetString() is not { } name)
        {
            return null;
        }

        var fields = new JsonFields(kind, name);
        var ns = JsonFields.Child(metadata, "namespace")?.GetString();
        var labels = fields.StringMap(metadata, "labels");
        var spec = JsonFields.Child(obj, "spec") ?? default;
        var resource = build(fields, spec, (name, ns, labels));
        return new MappedResource(resource, fields.Errors);
    }
}
