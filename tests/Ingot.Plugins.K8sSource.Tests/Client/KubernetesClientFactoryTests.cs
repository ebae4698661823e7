using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ingot.Plugins.K8sSource.Client;
using k8s;

namespace Ingot.Plugins.K8sSource.Tests.Client;

public sealed class KubernetesClientFactoryTests
{
    [Fact]
    public async Task InCluster_ServiceAccountFiles_TalksHttpsWithTokenAndCa()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await using var server = await FakeApiServer.FakeApiServer.StartAsync(certificate, token: "sa-token-1");
        server.Create(TestObjects.Node("node-a"));
        var dir = SourceHarness.TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "ca.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(dir, "token"), "sa-token-1");
        await File.WriteAllTextAsync(Path.Combine(dir, "namespace"), "metallb-system\n");

        var config = KubernetesClientFactory.InCluster(dir, "127.0.0.1", server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var client = KubernetesClientFactory.Create(config);
        var nodes = await client.CoreV1.ListNodeAsync();

        Assert.Equal("node-a", Assert.Single(nodes.Items).Metadata.Name);
        Assert.Equal("metallb-system", config.Namespace);
        Assert.StartsWith("https://", config.Host, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Kubeconfig_TalksToItsServerWithItsToken()
    {
        await using var server = await FakeApiServer.FakeApiServer.StartAsync(token: "kube-token");
        server.Create(TestObjects.Namespace("default"));

        using var client = KubernetesClientFactory.Create(new K8sSourceOptions { Kubeconfig = server.WriteKubeconfig(SourceHarness.TempDirectory()) });
        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.Equal("default", Assert.Single(namespaces.Items).Metadata.Name);
    }
}
