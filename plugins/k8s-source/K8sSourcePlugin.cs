using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(Ingot.Plugins.K8sSource.K8sSourcePlugin), "k8s-source", PluginKind.Source, "1.0",
    Description = "Kubernetes source: informers for Services, EndpointSlices, Nodes and metallb.io resources; Service status, events and pool counters; Lease-based allocation leader")]

namespace Ingot.Plugins.K8sSource;

/// <summary>Entry point of the k8s-source plugin. Settings: <c>namespace</c>, <c>kubeconfig</c>, <c>lbClass</c>.</summary>
public sealed class K8sSourcePlugin : IPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = K8sSourceOptions.FromSettings(context.Settings, context.NodeName);
        services.AddKubernetesSource(o =>
        {
            o.Namespace = settings.Namespace;
            o.Kubeconfig = settings.Kubeconfig;
            o.LoadBalancerClass = settings.LoadBalancerClass;
            o.NodeName = settings.NodeName;
            o.Webhook = settings.Webhook;
        });
    }
}
