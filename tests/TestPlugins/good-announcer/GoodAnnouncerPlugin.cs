using Ingot.Sdk;
using Ingot.Sdk.Announcement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: IngotPlugin(typeof(TestPlugins.GoodAnnouncer.GoodAnnouncerPlugin), "test-announcer", PluginKind.Announcer, "1.0", Description = "test announcer: writes what it would announce to a file")]

namespace TestPlugins.GoodAnnouncer;

/// <summary>An announcer plugin for tests. Setting <c>out</c>: the file its Apply and WithdrawAll calls are appended to.</summary>
public sealed class GoodAnnouncerPlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
        => services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnnouncer>(new FileAnnouncer(context)));
}
