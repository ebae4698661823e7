using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>
/// Issues and judges the webhook's certificates without cert-manager: a CA that lives ten years and a serving
/// certificate for <c>SERVICE.NAMESPACE.svc</c> that lives one, both ECDSA P-256. Pure on the clock it is given.
/// </summary>
/// <remarks>
/// A serving certificate is renewed once a third of its life is left (about four months), under the same CA, so the
/// API server's trust never changes. The CA itself is replaced once a year of it is left; the bundle then holds the new
/// CA and the old, so pods still serving a certificate of the old one stay trusted until they pick up the new Secret.
/// </remarks>
internal static class WebhookCertificates
{
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(365);
    public static readonly TimeSpan CaRenewBefore = TimeSpan.FromDays(365);
    public static readonly TimeSpan CertificateRenewBefore = CertificateLifetime / 3;

    /// <summary>The DNS names the API server may use to reach the Service.</summary>
    public static string[] DnsNames(string service, string ns) => [$"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local"];

    /// <summary>What to store: <paramref name="current"/> itself when it is good for a while yet, else a renewed set.</summary>
    public static WebhookCertificateSet Ensure(WebhookCertificateSet? current, string service, string ns, DateTimeOffset now)
    {
        var names = DnsNames(service, ns);
        if (current is null || Load(current.CaCertificate, current.CaKey) is not { } ca || ca.NotAfter - now < CaRenewBefore)
        {
            var fresh = NewCa(now);
            var bundle = current is not null && TryNotAfter(current.CaCertificate) > now ? fresh.Pem + current.CaCertificate : fresh.Pem;
            return Issue(fresh.Certificate, fresh.Pem, fresh.KeyPem, bundle, names, now);
        }

        using (ca)
        {
            if (IsGood(current, ca, names, now))
            {
                return current;
            }

            return Issue(ca, current.CaCertificate, current.CaKey, current.CaBundle, names, now);
        }
    }

    /// <summary>The serving certificate with its key, for Kestrel; null when the set does not hold a usable pair.</summary>
    public static X509Certificate2? ServingCertificate(WebhookCertificateSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Load(set.Certificate, set.Key);
    }

    private static bool IsGood(WebhookCertificateSet set, X509Certificate2 ca, string[] names, DateTimeOffset now)
    {
        using var cert = Load(set.Certificate, set.Key);
        if (cert is null || cert.NotAfter - now < CertificateRenewBefore || cert.NotBefore > now
            || !set.CaBundle.Contains(set.CaCertificate, StringComparison.Ordinal) || !names.All(n => cert.MatchesHostname(n)))
        {
            return false;
        }

        // Signed by this CA: a chain to it alone, at the time given, ignoring the machine's trust store.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(cert);
    }

    private static (X509Certificate2 Certificate, string Pem, string KeyPem) NewCa(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ingot-webhook-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now + CaLifetime);
        return (ca, ca.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static WebhookCertificateSet Issue(X509Certificate2 ca, string caPem, string caKeyPem, string bundle, string[] names, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var caKey = ECDsa.Create();
        caKey.ImportFromPem(caKeyPem);
        var notAfter = now + CertificateLifetime < ca.NotAfter ? now + CertificateLifetime : new DateTimeOffset(ca.NotAfter);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), notAfter, serial);
        return new WebhookCertificateSet(caPem, caKeyPem, cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), bundle);
    }

    private static X509Certificate2? Load(string certificatePem, string keyPem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static DateTimeOffset TryNotAfter(string certificatePem)
    {
        try
        {
            using var cert = X509Certificate2.CreateFromPem(certificatePem);
            return cert.NotAfter;
        }
        catch (CryptographicException)
        {
            return DateTimeOffset.MinValue;
        }
    }
}
