using k8s;

namespace Ingot.Plugins.K8sSource.Client;

/// <summary>Builds the client: an explicit kubeconfig, else the pod's service account, else the default kubeconfig.</summary>
internal static class KubernetesClientFactory
{
    public static IKubernetes Create(K8sSourceOptions options)
    {
        KubernetesClientConfiguration config;
        if (options.Kubeconfig is not null)
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
        }
        else if (KubernetesClientConfiguration.IsInCluster())
        {
            config = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            config = KubernetesClientConfiguration.BuildDefaultConfig();
        }

        // Watches stay open for minutes; every other request is bounded by its caller's cancellation.
        config.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return new Kubernetes(config);
    }
}
