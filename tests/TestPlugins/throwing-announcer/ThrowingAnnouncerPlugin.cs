using Ingot.Sdk;
using Ingot.Sdk.Announcement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: IngotPlugin(typeof(TestPlugins.ThrowingAnnouncer.ThrowingAnnouncerPlugin), "throwing-announcer", PluginKind.Announcer, "1.0", Description = "test announcer whose ApplyAsync always throws")]

namespace TestPlugins.ThrowingAnnouncer;

/// <summary>An announcer plugin whose ApplyAsync always throws: the host must log it, count it and go on.</summary>
public sealed class ThrowingAnnouncerPlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
        => services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnnouncer, ThrowingAnnouncer>());
}
