using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(Ingot.Plugins.Bgp.BgpPlugin), "bgp", PluginKind.Announcer, "1.0", Description = "not implemented yet")]

namespace Ingot.Plugins.Bgp;

/// <summary>Entry point of the bgp plugin.</summary>
public sealed class BgpPlugin : IPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
