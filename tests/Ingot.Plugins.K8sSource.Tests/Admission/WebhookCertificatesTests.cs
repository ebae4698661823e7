using System.Security.Cryptography.X509Certificates;
using Ingot.Plugins.K8sSource.Admission;

namespace Ingot.Plugins.K8sSource.Tests.Admission;

public sealed class WebhookCertificatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ensure_NothingYet_IssuesACaAndAServingCertificateForTheService()
    {
        var set = WebhookCertificates.Ensure(null, "ingot-webhook", "metallb-system", Now);

        using var ca = X509Certificate2.CreateFromPem(set.CaCertificate);
        using var cert = WebhookCertificates.ServingCertificate(set);
        Assert.NotNull(cert);
        Assert.True(cert.HasPrivateKey);
        Assert.True(cert.MatchesHostname("ingot-webhook.metallb-system.svc"));
        Assert.False(cert.MatchesHostname("other.metallb-system.svc"));
        Assert.Equal(ca.Subject, cert.Issuer);
        Assert.Equal(set.CaCertificate, set.CaBundle);
        Assert.True(Chains(cert, ca, Now));
    }

    [Fact]
    public void Ensure_GoodSet_KeptAsItIs()
    {
        var set = WebhookCertificates.Ensure(null, "ingot-webhook", "metallb-system", Now);

        Assert.Same(set, WebhookCertificates.Ensure(set, "ingot-webhook", "metallb-system", Now.AddDays(200)));
    }

    [Fact]
    public void Ensure_ServingCertificateInItsLastThird_RenewedUnderTheSameCa()
    {
        var set = WebhookCertificates.Ensure(null, "ingot-webhook", "metallb-system", Now);
        var later = Now.AddDays(250);

        var renewed = WebhookCertificates.Ensure(set, "ingot-webhook", "metallb-system", later);

        Assert.NotSame(set, renewed);
        Assert.Equal(set.CaCertificate, renewed.CaCertificate);
        Assert.NotEqual(set.Certificate, renewed.Certificate);
        using var ca = X509Certificate2.CreateFromPem(renewed.CaCertificate);
        using var cert = WebhookCertificates.ServingCertificate(renewed)!;
        Assert.True(Chains(cert, ca, later));
        Assert.True(cert.NotAfter > later.AddDays(300).UtcDateTime);
    }

    [Fact]
    public void Ensure_OtherService_Reissued()
    {
        var set = WebhookCertificates.Ensure(null, "ingot-webhook", "metallb-system", Now);

        var renewed = WebhookCertificates.Ensure(set, "ingot-webhook", "ingot-system", Now);

        using var cert = WebhookCertificates.ServingCertificate(renewed)!;
        Assert.True(cert.MatchesHostname("ingot-webhook.ingot-system.svc"));
    }

    [Fact]
    public void Ensure_CaInItsLastYear_NewCaWithTheOldStillInTheBundle()
    {
        var set = WebhookCertificates.Ensure(null, "ingot-webhook", "metallb-system", Now);
        var later = Now.AddDays(3650 - 200);

        var renewed = WebhookCertificates.Ensure(set, "ingot-webhook", "metallb-system", later);

        Assert.NotEqual(set.CaCertificate, renewed.CaCertificate);
        Assert.Contains(renewed.CaCertificate, renewed.CaBundle, StringComparison.Ordinal);
        Assert.Contains(set.CaCertificate, renewed.CaBundle, StringComparison.Ordinal);
        using var ca = X509Certificate2.CreateFromPem(renewed.CaCertificate);
        using var cert = WebhookCertificates.ServingCertificate(renewed)!;
        Assert.True(Chains(cert, ca, later));
    }

    [Fact]
    public void Ensure_GarbageInTheSecret_StartsAfresh()
    {
        var garbage = new WebhookCertificateSet("not a pem", "nor this", "x", "y", "z");

        var set = WebhookCertificates.Ensure(garbage, "ingot-webhook", "metallb-system", Now);

        Assert.NotNull(WebhookCertificates.ServingCertificate(set));
        Assert.Equal(set.CaCertificate, set.CaBundle);
    }

    [Fact]
    public void FromData_MissingKey_Null()
    {
        var data = WebhookCertificates.Ensure(null, "s", "n", Now).ToData().Where(kv => kv.Key != WebhookCertificateSet.CaKeyKey)
            .ToDictionary(kv => kv.Key, kv => kv.Value);

        Assert.Null(WebhookCertificateSet.FromData(data));
    }

    internal static bool Chains(X509Certificate2 cert, X509Certificate2 ca, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(cert);
    }
}
