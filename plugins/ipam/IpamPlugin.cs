using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(Ingot.Plugins.Ipam.IpamPlugin), "ipam", PluginKind.Allocator, "1.0",
    Description = "Allocates LoadBalancer addresses from MetalLB IPAddressPools with MetalLB's rules (pools, priorities, annotations, sharing, dual stack); never moves a valid address")]

namespace Ingot.Plugins.Ipam;

/// <summary>Entry point of the ipam plugin.</summary>
public sealed class IpamPlugin : IPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var key in context.Settings.Keys)
        {
            if (!string.Equals(key, IpamOptions.LoadBalancerClassSetting, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"ipam plugin: unknown setting \"{key}\" (known: {IpamOptions.LoadBalancerClassSetting})", nameof(context));
            }
        }

        context.Settings.TryGetValue(IpamOptions.LoadBalancerClassSetting, out var lbClass);
        services.AddIngotIpam(o => o.LoadBalancerClass = string.IsNullOrEmpty(lbClass) ? null : lbClass);
    }
}
