using Ingot.Plugins.FileSource;
using Ingot.Plugins.FileSource.Manifests;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the file source without the plugin loader (tests, embedding).</summary>
public static class FileSourceServiceCollectionExtensions
{
    /// <summary>Adds the file source (<see cref="IClusterSource"/> named <c>file</c>) and its <see cref="IManifestReader"/>.</summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the manifest path, the state file and this node's name.</param>
    /// <returns>The container.</returns>
    public static IServiceCollection AddFileSource(this IServiceCollection services, Action<FileSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new FileSourceOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FileSourceMetrics>();
        services.TryAddSingleton<FileClusterSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterSource, FileClusterSource>(sp => sp.GetRequiredService<FileClusterSource>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManifestReader, FileManifestReader>());
        return services;
    }
}
