using Ingot.Plugins.Ipam;
using Ingot.Plugins.Ipam.Metrics;
using Ingot.Sdk.Allocation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ipam plugin's allocator without the plugin loader (hosts and tests).</summary>
public static class IpamServiceCollectionExtensions
{
    /// <summary>Adds the MetalLB-compatible <see cref="IAddressAllocator"/> and its metrics.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. the load balancer class.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddIngotIpam(this IServiceCollection services, Action<IpamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new IpamOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IpamMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAddressAllocator, MetalLbAllocator>());
        return services;
    }
}
