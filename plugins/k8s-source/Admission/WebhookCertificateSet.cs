namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>What the webhook's Secret holds, as PEM text: the CA (and its key, to sign renewals), the serving certificate
/// and its key. <see cref="CaBundle"/> is what the ValidatingWebhookConfiguration must trust: the CA, and after a CA
/// rotation also the previous one until every pod serves a certificate of the new.</summary>
internal sealed record WebhookCertificateSet(string CaCertificate, string CaKey, string Certificate, string Key, string CaBundle)
{
    public const string CaCertificateKey = "ca.crt";
    public const string CaKeyKey = "ca.key";
    public const string CertificateKey = "tls.crt";
    public const string KeyKey = "tls.key";
    public const string CaBundleKey = "ca-bundle.crt";

    public IReadOnlyDictionary<string, string> ToData() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CaCertificateKey] = CaCertificate,
        [CaKeyKey] = CaKey,
        [CertificateKey] = Certificate,
        [KeyKey] = Key,
        [CaBundleKey] = CaBundle,
    };

    /// <summary>Reads a Secret's data; null when a key is missing (an empty or foreign Secret).</summary>
    public static WebhookCertificateSet? FromData(IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.TryGetValue(CaCertificateKey, out var ca) && data.TryGetValue(CaKeyKey, out var caKey)
            && data.TryGetValue(CertificateKey, out var cert) && data.TryGetValue(KeyKey, out var key)
            ? new WebhookCertificateSet(ca, caKey, cert, key, data.TryGetValue(CaBundleKey, out var bundle) ? bundle : ca)
            : null;
    }
}
