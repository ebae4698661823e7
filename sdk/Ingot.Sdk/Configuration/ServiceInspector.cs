using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration;

/// <summary>
/// Checks a Service's MetalLB annotations and fields the way MetalLB reads them, for <c>ingot validate</c> and sources:
/// keys under <c>metallb.io/</c> or <c>metallb.universe.tf/</c> that MetalLB never reads, deprecated legacy keys, and the
/// <c>spec.loadBalancerIP</c> / <c>loadBalancerIPs</c> conflict MetalLB refuses.
/// </summary>
public static class ServiceInspector
{
    /// <summary>The current annotation prefix.</summary>
    private const string Prefix = "metallb.io/";

    /// <summary>The legacy prefix MetalLB still reads when the <c>metallb.io/</c> key is absent.</summary>
    private const string LegacyPrefix = "metallb.universe.tf/";

    private const string LoadBalancerIPs = "loadBalancerIPs";

    /// <summary>Annotation names MetalLB reads (after either prefix).</summary>
    private static readonly string[] s_read = ["address-pool", LoadBalancerIPs, "allow-shared-ip"];

    /// <summary>Written by MetalLB's controller with the status; never read.</summary>
    private const string AllocatedFromPool = "ip-allocated-from-pool";

    /// <summary>Inspects one Service.</summary>
    /// <param name="service">The Service.</param>
    /// <returns>
    /// Warnings for annotations MetalLB ignores or deprecates, and an error for a conflict MetalLB refuses to allocate for;
    /// empty when there is nothing to say. Each has kind <c>Service</c> and name <c>namespace/name</c>; the origin is left
    /// null for the caller to set (<c>d with { Origin = file }</c>).
    /// </returns>
    public static IReadOnlyList<ConfigurationDiagnostic> Inspect(ServiceInfo service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var name = $"{service.Namespace}/{service.Name}";
        var result = new List<ConfigurationDiagnostic>();
        foreach (var key in service.Annotations.Keys.Order(StringComparer.Ordinal))
        {
            var legacy = key.StartsWith(LegacyPrefix, StringComparison.Ordinal);
            if (!legacy && !key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var suffix = key[(legacy ? LegacyPrefix : Prefix).Length..];
            string? message = null;
            if (!s_read.Contains(suffix, StringComparer.Ordinal))
            {
                if (suffix == AllocatedFromPool)
                {
                    message = legacy
                        ? $"annotation \"{key}\" was written by an older MetalLB and is ignored; the current one is \"{Prefix}{suffix}\""
                        : null;
                }
                else
                {
                    message = $"annotation \"{key}\" is not a MetalLB annotation and is ignored";
                }
            }
            else if (legacy)
            {
                message = service.Annotations.ContainsKey(Prefix + suffix)
                    ? $"annotation \"{key}\" is ignored because \"{Prefix}{suffix}\" is set"
                    : $"annotation \"{key}\" is deprecated, use \"{Prefix}{suffix}\"";
            }

            if (message is not null)
            {
                result.Add(Diagnostic(name, DiagnosticSeverity.Warning, message));
            }
        }

        // MetalLB controller/service.go: the annotation and the field are mutually exclusive.
        if (!string.IsNullOrEmpty(service.GetMetalLbAnnotation(LoadBalancerIPs)) && !string.IsNullOrEmpty(service.LoadBalancerIP))
        {
            result.Add(Diagnostic(
                name, DiagnosticSeverity.Error, $"service can not have both {Prefix}{LoadBalancerIPs} and svc.Spec.LoadBalancerIP"));
        }

        return result;
    }

    private static ConfigurationDiagnostic Diagnostic(string name, DiagnosticSeverity severity, string message)
        => new() { Kind = "Service", Name = name, Severity = severity, Message = message };
}
