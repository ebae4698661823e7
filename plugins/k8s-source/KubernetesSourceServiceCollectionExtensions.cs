using Ingot.Plugins.K8sSource;
using Ingot.Plugins.K8sSource.Client;
using Ingot.Plugins.K8sSource.Source;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kubernetes source.</summary>
public static class KubernetesSourceServiceCollectionExtensions
{
    /// <summary>Adds the <c>kubernetes</c> <see cref="IClusterSource"/>.</summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The container.</returns>
    public static IServiceCollection AddKubernetesSource(this IServiceCollection services, Action<K8sSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new K8sSourceOptions();
        configure?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterSource, KubernetesClusterSource>(sp => new KubernetesClusterSource(
            options,
            KubernetesClientFactory.Create(options),
            ownsClient: true,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)));
        return services;
    }
}
