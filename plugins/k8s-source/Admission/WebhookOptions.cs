using System.Globalization;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>The <c>webhook.*</c> settings of the k8s-source plugin (docs/admission.md lists them).</summary>
public sealed record WebhookOptions
{
    /// <summary>MetalLB's webhook port, so NetworkPolicies written for MetalLB keep working; not the metrics port.</summary>
    public const int DefaultPort = 9443;

    /// <summary>The HTTPS port of the validating webhook; 0 (the default outside the DaemonSet manifest) turns it off.</summary>
    public int Port { get; init; }

    /// <summary>The Secret in Ingot's namespace that holds the serving certificate (<c>tls.crt</c>, <c>tls.key</c>,
    /// <c>ca.crt</c>).</summary>
    public string SecretName { get; init; } = "ingot-webhook-cert";

    /// <summary>The ValidatingWebhookConfiguration whose <c>caBundle</c> the allocation leader keeps current.</summary>
    public string ConfigurationName { get; init; } = "ingot-validating-webhook";

    /// <summary>The Service the API server calls; the serving certificate names <c>SERVICE.NAMESPACE.svc</c>.</summary>
    public string ServiceName { get; init; } = "ingot-webhook";

    /// <summary>True: the allocation leader creates, renews and injects the certificate. False: another issuer
    /// (cert-manager) owns the Secret and the CA bundle; Ingot only serves what the Secret holds.</summary>
    public bool ManageCertificates { get; init; } = true;

    /// <summary>Where to listen instead of every address on <see cref="Port"/> (tests listen on loopback, port 0).</summary>
    internal System.Net.IPEndPoint? Endpoint { get; init; }

    public bool Enabled => Port > 0 || Endpoint is not null;

    internal System.Net.IPEndPoint ListenEndpoint => Endpoint ?? new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Any, Port);

    /// <summary>Applies one <c>webhook.*</c> setting; null when the key is not one.</summary>
    internal WebhookOptions? With(string key, string value) => key switch
    {
        "webhook.port" => this with
        {
            Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
                ? port
                : throw new ArgumentException($"k8s-source: setting 'webhook.port': '{value}' is not a TCP port from 0 (off) to 65535", nameof(value)),
        },
        "webhook.secret" => this with { SecretName = NonEmpty(key, value) },
        "webhook.configuration" => this with { ConfigurationName = NonEmpty(key, value) },
        "webhook.service" => this with { ServiceName = NonEmpty(key, value) },
        "webhook.certificates" => this with
        {
            ManageCertificates = value switch
            {
                "self" => true,
                "external" => false,
                _ => throw new ArgumentException($"k8s-source: setting 'webhook.certificates': '{value}' is not 'self' or 'external'", nameof(value)),
            },
        },
        _ => null,
    };

    internal static readonly string[] Keys = ["webhook.port", "webhook.secret", "webhook.configuration", "webhook.service", "webhook.certificates"];

    private static string NonEmpty(string key, string value)
        => string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"k8s-source: setting '{key}' must not be empty", nameof(value)) : value.Trim();
}
