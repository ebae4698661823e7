using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(Ingot.Plugins.Ipam.IpamPlugin), "ipam", PluginKind.Allocator, "1.0", Description = "not implemented yet")]

namespace Ingot.Plugins.Ipam;

/// <summary>Entry point of the ipam plugin.</summary>
public sealed class IpamPlugin : IPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
