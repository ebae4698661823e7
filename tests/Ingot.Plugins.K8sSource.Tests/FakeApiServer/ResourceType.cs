namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>A resource the fake API server serves: where it lives in the URL space and how it behaves.</summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Plural">The URL name, e.g. <c>services</c>.</param>
/// <param name="Kind">The object kind.</param>
/// <param name="Namespaced">True for namespaced resources.</param>
/// <param name="HasStatus">True when the resource has a <c>/status</c> subresource.</param>
/// <param name="Versions">The versions served; the first is the one objects are stored as.</param>
public sealed record ResourceType(string Group, string Plural, string Kind, bool Namespaced, bool HasStatus, IReadOnlyList<string> Versions)
{
    /// <summary>Identity of the storage: one store per group and plural, whatever the version.</summary>
    public string StorageKey => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary>The <c>apiVersion</c> for a version.</summary>
    public string ApiVersion(string version) => Group.Length == 0 ? version : Group + "/" + version;

    /// <summary>The resources a Kubernetes cluster with MetalLB's CRDs installed serves (the parts Ingot uses).</summary>
    public static IReadOnlyList<ResourceType> Defaults { get; } =
    [
        new(string.Empty, "services", "Service", true, true, ["v1"]),
        new(string.Empty, "nodes", "Node", false, true, ["v1"]),
        new(string.Empty, "namespaces", "Namespace", false, true, ["v1"]),
        new(string.Empty, "secrets", "Secret", true, false, ["v1"]),
        new(string.Empty, "events", "Event", true, false, ["v1"]),
        new(string.Empty, "pods", "Pod", true, true, ["v1"]),
        new("discovery.k8s.io", "endpointslices", "EndpointSlice", true, false, ["v1"]),
        new("events.k8s.io", "events", "Event", true, false, ["v1"]),
        new("coordination.k8s.io", "leases", "Lease", true, false, ["v1"]),
        new("admissionregistration.k8s.io", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false, false, ["v1"]),
        new("metallb.io", "ipaddresspools", "IPAddressPool", true, true, ["v1beta1"]),
        new("metallb.io", "l2advertisements", "L2Advertisement", true, true, ["v1beta1"]),
        new("metallb.io", "bgpadvertisements", "BGPAdvertisement", true, true, ["v1beta1"]),
        new("metallb.io", "bgppeers", "BGPPeer", true, true, ["v1beta2", "v1beta1"]),
        new("metallb.io", "communities", "Community", true, true, ["v1beta1"]),
        new("metallb.io", "bfdprofiles", "BFDProfile", true, true, ["v1beta1"]),
        new("metallb.io", "servicel2statuses", "ServiceL2Status", true, true, ["v1beta1"]),
        new("metallb.io", "servicebgpstatuses", "ServiceBGPStatus", true, true, ["v1beta1"]),
        new("metallb.io", "configurationstates", "ConfigurationState", true, true, ["v1beta1"]),
    ];
}
