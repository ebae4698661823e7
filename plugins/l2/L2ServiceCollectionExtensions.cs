using Ingot.Plugins.L2;
using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Plugins.L2.Membership;
using Ingot.Plugins.L2.Responding;
using Ingot.Sdk.Announcement;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the layer 2 announcer.</summary>
public static class L2ServiceCollectionExtensions
{
    /// <summary>Adds the <c>layer2</c> <see cref="IAnnouncer"/> (ARP/NDP with libpcap) and what it needs.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="settings">The plugin's settings (<c>excludeInterfaces</c>, <c>refreshInterval</c>); null for defaults.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddL2Announcer(this IServiceCollection services, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = L2Options.FromSettings(settings ?? new Dictionary<string, string>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<L2Metrics>();
        services.AddSpeakerMembership(options.Membership, options.RealtimePriority);
        services.TryAddSingleton<ILinkScanner>(_ => new SysfsLinkScanner());
        services.TryAddSingleton<ILinkMonitor, NetlinkLinkMonitor>();
        services.TryAddSingleton<ConflictWatcher>();
        services.TryAddSingleton<IResponderFactory, PcapResponderFactory>();
        services.TryAddSingleton<L2Speaker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnnouncer, L2Announcer>());
        return services;
    }
}
