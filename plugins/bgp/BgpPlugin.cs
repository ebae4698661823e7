using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(Ingot.Plugins.Bgp.BgpPlugin), "bgp", PluginKind.Announcer, "1.0",
    Description = "Native BGP-4 speaker: IPv4/IPv6 unicast, 4-octet AS, communities and large communities, TCP MD5, graceful restart")]

namespace Ingot.Plugins.Bgp;

/// <summary>Entry point of the bgp plugin.</summary>
public sealed class BgpPlugin : IPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddBgpAnnouncer(context.NodeName, context.Settings);
    }
}
