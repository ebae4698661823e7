using Ingot.Host.Hosting;
using Ingot.Host.Plugins;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingot.Host.Cli;

/// <summary>
/// The container the offline verbs (<c>validate</c>, <c>reconcile</c>) use: the catalog is loaded, the file source (which
/// provides <see cref="IManifestReader"/>) and, for reconcile, the allocator and announcers are configured; nothing is
/// started, so nothing touches the network.
/// </summary>
internal sealed class ManifestServices : IDisposable
{
    private readonly ServiceProvider _provider;

    private ManifestServices(ServiceProvider provider, PluginSelection selection, IReadOnlyList<PluginInfo> active)
    {
        _provider = provider;
        Selection = selection;
        Active = active;
    }

    public IServiceProvider Services => _provider;

    public PluginSelection Selection { get; }

    public IReadOnlyList<PluginInfo> Active { get; }

    public static ManifestServices Create(HostOptions options, bool withPipeline)
    {
        var selection = PluginSelection.ForManifests(options, withPipeline);
        var catalog = PluginCatalog.Load(options.ResolvePluginsDirectory());
        var services = new ServiceCollection();
        services.AddLogging(b => CliLogging.Configure(b, LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        var active = selection.Configure(catalog, services);
        return new ManifestServices(services.BuildServiceProvider(), selection, active);
    }

    public IManifestReader Reader
        => _provider.GetService<IManifestReader>()
           ?? throw new CliException(ExitCodes.RuntimeFailure, $"plugin '{PluginSelection.FileSource}' registered no manifest reader");

    /// <summary>Reads manifests; a path that does not exist is invalid input (exit 1).</summary>
    public ManifestReadResult Read(IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new CliException(ExitCodes.InvalidInput, $"{path}: no such file or directory");
            }
        }

        try
        {
            return Reader.Read(paths);
        }
        catch (Exception ex) when (ex is not CliException)
        {
            throw new CliException(ExitCodes.RuntimeFailure, $"reading manifests failed: {ex.Message}");
        }
    }

    // Plugins may hold resources that only dispose asynchronously (sockets, sessions); the container disposes those only
    // through DisposeAsync.
    public void Dispose() => _provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
