namespace Ingot.Plugins.K8sSource;

/// <summary>One kind of API request the plugin makes, in RBAC terms.</summary>
/// <param name="Group">API group; empty for core.</param>
/// <param name="Resource">Resource, with <c>/status</c> for the subresource.</param>
/// <param name="Verb">RBAC verb.</param>
/// <param name="InMetalLbNamespace">True when only made in the configured namespace (a Role suffices); false when
/// cluster-wide (a ClusterRole is needed).</param>
internal sealed record KubernetesApiCall(string Group, string Resource, string Verb, bool InMetalLbNamespace);
