using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(Ingot.Plugins.K8sSource.K8sSourcePlugin), "k8s-source", PluginKind.Source, "1.0", Description = "not implemented yet")]

namespace Ingot.Plugins.K8sSource;

/// <summary>Entry point of the k8s-source plugin.</summary>
public sealed class K8sSourcePlugin : IPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
