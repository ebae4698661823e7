using System.Security.Cryptography.X509Certificates;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>
/// The certificate every pod serves, read from the webhook's Secret as the Secret informer holds it, so a renewal is
/// served at the next handshake without a restart. Rebuilt only when the Secret's PEM text changes.
/// </summary>
internal sealed class ServingCertificateCache(Func<IReadOnlyDictionary<string, SecretResource>> secrets, string secretKey)
{
    private readonly Lock _gate = new();
    private (string Certificate, string Key)? _source;
    private X509Certificate2? _current;

    /// <summary>The serving certificate, or null while the Secret is missing or holds no usable pair (the handshake fails
    /// and the API server applies the failurePolicy).</summary>
    public X509Certificate2? Current()
    {
        var set = secrets().TryGetValue(secretKey, out var secret) ? WebhookCertificateSet.FromData(secret.Data) : null;
        lock (_gate)
        {
            if (set is null)
            {
                return _current;
            }

            if (_source != (set.Certificate, set.Key))
            {
                // The old certificate is left to the collector: a handshake in flight may still hold it.
                _current = WebhookCertificates.ServingCertificate(set) ?? _current;
                _source = (set.Certificate, set.Key);
            }

            return _current;
        }
    }
}
