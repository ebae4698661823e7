using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Sdk;

/// <summary>
/// The entry point of a plugin assembly. The host creates one instance per plugin, named by
/// <see cref="IngotPluginAttribute"/>, and calls <see cref="ConfigureServices"/> once before it builds its container.
/// </summary>
/// <remarks>
/// A plugin registers what it provides (<see cref="Sources.IClusterSource"/>, <see cref="Allocation.IAddressAllocator"/>,
/// <see cref="Announcement.IAnnouncer"/>, hosted services) with <c>TryAddEnumerable</c> so a host or a test can compose it
/// again without duplicates. The entry type needs a public parameterless constructor.
/// </remarks>
public interface IPlugin
{
    /// <summary>Registers the plugin's services in the host's container.</summary>
    /// <param name="services">The host's service collection.</param>
    /// <param name="context">What the host knows about this plugin and the process it runs in.</param>
    void ConfigureServices(IServiceCollection services, PluginContext context);
}
