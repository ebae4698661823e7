namespace Ingot.Plugins.K8sSource;

/// <summary>
/// Every API request the plugin makes. The deployment's RBAC (deploy/rbac.yaml) must grant exactly these; a test reads this
/// list and checks the manifests, and another checks that the requests seen by the fake API server are all in it.
/// </summary>
internal static class KubernetesApiCalls
{
    public static IReadOnlyList<KubernetesApiCall> All { get; } =
    [
        // Informers.
        new(string.Empty, "services", "list", false),
        new(string.Empty, "services", "watch", false),
        new("discovery.k8s.io", "endpointslices", "list", false),
        new("discovery.k8s.io", "endpointslices", "watch", false),
        new(string.Empty, "nodes", "list", false),
        new(string.Empty, "nodes", "watch", false),
        new(string.Empty, "namespaces", "list", false),
        new(string.Empty, "namespaces", "watch", false),
        new(string.Empty, "secrets", "list", true),
        new(string.Empty, "secrets", "watch", true),
        .. new[] { "ipaddresspools", "l2advertisements", "bgpadvertisements", "bgppeers", "communities", "bfdprofiles" }
            .SelectMany(p => new KubernetesApiCall[] { new("metallb.io", p, "list", true), new("metallb.io", p, "watch", true) }),

        // Allocation status (leader only) and events.
        new(string.Empty, "services/status", "patch", false),
        new(string.Empty, "events", "create", false),
        new("metallb.io", "ipaddresspools/status", "patch", true),

        // Leader election.
        new("coordination.k8s.io", "leases", "get", true),
        new("coordination.k8s.io", "leases", "create", true),
        new("coordination.k8s.io", "leases", "update", true),

        // Announcement and configuration status objects.
        new("metallb.io", "servicel2statuses", "list", true),
        new("metallb.io", "servicel2statuses", "create", true),
        new("metallb.io", "servicel2statuses", "delete", true),
        new("metallb.io", "servicel2statuses/status", "patch", true),
        new("metallb.io", "servicebgpstatuses", "list", true),
        new("metallb.io", "servicebgpstatuses", "create", true),
        new("metallb.io", "servicebgpstatuses", "delete", true),
        new("metallb.io", "servicebgpstatuses/status", "patch", true),
        new("metallb.io", "configurationstates", "get", true),
        new("metallb.io", "configurationstates", "create", true),
        new("metallb.io", "configurationstates/status", "patch", true),
        // The admission webhook's certificate (leader only): its Secret, and the CA bundle of its configuration.
        new(string.Empty, "secrets", "get", true),
        new(string.Empty, "secrets", "create", true),
        new(string.Empty, "secrets", "update", true),
        new("admissionregistration.k8s.io", "validatingwebhookconfigurations", "get", false),
        new("admissionregistration.k8s.io", "validatingwebhookconfigurations", "patch", false),
    ];
}
