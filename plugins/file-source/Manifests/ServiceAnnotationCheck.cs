using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>
/// Warns about Service annotations under MetalLB's prefixes that MetalLB does not have (tutorials invent some, e.g.
/// <c>metallb.universe.tf/healthCheckNodePort</c>): the Service is accepted and the annotation is said to be ignored.
/// </summary>
internal static class ServiceAnnotationCheck
{
    private static readonly string[] s_known = ["address-pool", "loadBalancerIPs", "allow-shared-ip", "ip-allocated-from-pool"];

    public static IEnumerable<ConfigurationDiagnostic> Inspect(ServiceInfo service, string origin)
    {
        foreach (var (key, _) in service.Annotations)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var prefix = key[..slash];
            var suffix = key[(slash + 1)..];
            if (prefix is not ("metallb.io" or "metallb.universe.tf"))
            {
                continue;
            }

            if (!s_known.Contains(suffix, StringComparer.Ordinal))
            {
                yield return Warning(service, origin, $"metadata.annotations: {key} is not a MetalLB annotation; ignored");
            }
            else if (prefix == "metallb.universe.tf")
            {
                yield return Warning(service, origin, $"metadata.annotations: {key} is deprecated; use metallb.io/{suffix}");
            }
        }
    }

    private static ConfigurationDiagnostic Warning(ServiceInfo service, string origin, string message) => new()
    {
        Severity = DiagnosticSeverity.Warning,
        Kind = ManifestKinds.Service,
        Name = service.Name,
        Origin = origin,
        Message = message,
    };
}
