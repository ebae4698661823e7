using Ingot.Plugins.K8sSource.Admission;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.K8sSource.Tests.Admission;

/// <summary>One round of the certificate keeper against the fake API server, now, instead of waiting for its period.</summary>
internal static class KeeperRound
{
    public static async Task RunAsync(FakeApiServer.FakeApiServer server, string ns = "metallb-system")
    {
        using var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(server.WriteKubeconfig(SourceHarness.TempDirectory())));
        await new WebhookCertificateKeeper(client, ns, new WebhookOptions(), TimeProvider.System, () => true, NullLogger.Instance).KeepAsync(CancellationToken.None);
    }

    /// <summary>Ingot's ValidatingWebhookConfiguration with two webhooks and no CA bundle yet.</summary>
    public const string Configuration = """
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration","metadata":{"name":"ingot-validating-webhook"},
         "webhooks":[
           {"name":"ipaddresspools.ingot.metallb.io","admissionReviewVersions":["v1"],"sideEffects":"None",
            "clientConfig":{"service":{"name":"ingot-webhook","namespace":"metallb-system","path":"/validate"}}},
           {"name":"bgppeers.ingot.metallb.io","admissionReviewVersions":["v1"],"sideEffects":"None",
            "clientConfig":{"service":{"name":"ingot-webhook","namespace":"metallb-system","path":"/validate"}}}]}
        """;
}
