using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(
    typeof(Ingot.Plugins.L2.L2Plugin),
    "l2",
    PluginKind.Announcer,
    "1.0",
    Description = "Layer 2 announcer: answers ARP (IPv4) and NDP (IPv6) for LoadBalancer IPs with MetalLB's node election, gratuitous announcements on takeover (libpcap)")]

namespace Ingot.Plugins.L2;

/// <summary>Entry point of the l2 plugin.</summary>
public sealed class L2Plugin : IPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddL2Announcer(context.Settings);
    }
}
