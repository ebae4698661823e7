using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;

namespace Ingot.Plugins.K8sSource.Client;

/// <summary>Builds the client: an explicit kubeconfig, else the pod's service account, else the default kubeconfig.</summary>
internal static class KubernetesClientFactory
{
    /// <summary>Where Kubernetes mounts the service account into every pod.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static IKubernetes Create(K8sSourceOptions options)
    {
        KubernetesClientConfiguration config;
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (options.Kubeconfig is not null)
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
        }
        else if (!string.IsNullOrEmpty(host) && !string.IsNullOrEmpty(port) && File.Exists(Path.Combine(ServiceAccountDirectory, "token")))
        {
            config = InCluster(ServiceAccountDirectory, host, port);
        }
        else
        {
            config = KubernetesClientConfiguration.BuildDefaultConfig();
        }

        return Create(config);
    }

    public static IKubernetes Create(KubernetesClientConfiguration config) => Create(config, ApiResponseLimits.Default);

    /// <summary>The client, with every answer of the API server held to <paramref name="limits"/>.</summary>
    public static IKubernetes Create(KubernetesClientConfiguration config, ApiResponseLimits limits)
    {
        // Watches stay open for minutes; every other request is bounded by its caller's cancellation.
        config.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return new Kubernetes(config, new ResponseLimitHandler(limits));
    }

    /// <summary>
    /// The in-cluster configuration, as KubernetesClient's <c>InClusterConfig</c> builds it, from a given directory: the
    /// API server from the service environment variables, its CA from <c>ca.crt</c>, and the token from <c>token</c>,
    /// re-read as the kubelet rotates it (bound service account tokens expire).
    /// </summary>
    public static KubernetesClientConfiguration InCluster(string directory, string host, string port)
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPemFile(Path.Combine(directory, "ca.crt"));
        var nsFile = Path.Combine(directory, "namespace");
        return new KubernetesClientConfiguration
        {
            Host = new UriBuilder("https", host, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)).Uri.ToString(),
            SslCaCerts = ca,
            TokenProvider = new TokenFileAuth(Path.Combine(directory, "token")),
            Namespace = File.Exists(nsFile) ? File.ReadAllText(nsFile).Trim() : null,
        };
    }
}
