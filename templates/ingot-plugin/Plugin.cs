using Ingot.Sdk;
using Ingot.Sdk.Announcement;
using IngotPlugin1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: IngotPlugin(typeof(Plugin), "my-announcer", PluginKind.Announcer, "1.0",
    Description = "Logs the addresses this node would announce")]

namespace IngotPlugin1;

/// <summary>The plugin's entry point: the host calls ConfigureServices once, before it builds its container.</summary>
public sealed class Plugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
        => services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnnouncer, LogAnnouncer>());
}
