using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(Ingot.Plugins.FileSource.FileSourcePlugin), "file-source", PluginKind.Source, "1.0", Description = "not implemented yet")]

namespace Ingot.Plugins.FileSource;

/// <summary>Entry point of the file-source plugin.</summary>
public sealed class FileSourcePlugin : IPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
