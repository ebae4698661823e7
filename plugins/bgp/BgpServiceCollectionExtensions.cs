using Ingot.Plugins.Bgp;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Sdk.Announcement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>bgp</c> announcer.</summary>
public static class BgpServiceCollectionExtensions
{
    /// <summary>Adds the native BGP announcer (<c>IAnnouncer</c> named <c>bgp</c>).</summary>
    /// <param name="services">The container.</param>
    /// <param name="nodeName">This node's name.</param>
    /// <param name="settings">Plugin settings: <c>listenPort</c>, <c>listenAddress</c>, <c>shutdownMessage</c>.</param>
    /// <returns>The container.</returns>
    public static IServiceCollection AddBgpAnnouncer(this IServiceCollection services, string nodeName, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = BgpOptions.FromSettings(settings ?? new Dictionary<string, string>(), nodeName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BgpMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnnouncer, BgpAnnouncer>(sp => new BgpAnnouncer(
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetRequiredService<BgpMetrics>())));
        return services;
    }
}
