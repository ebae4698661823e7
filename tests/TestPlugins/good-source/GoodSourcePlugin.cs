using Ingot.Sdk;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: IngotPlugin(typeof(TestPlugins.GoodSource.GoodSourcePlugin), "test-source", PluginKind.Source, "1.0", Description = "test source: one snapshot from its settings")]

namespace TestPlugins.GoodSource;

/// <summary>
/// A source plugin for tests. Settings: <c>services</c> (<c>ns/name[=ip]</c>, comma-separated), <c>nodes</c> (comma-separated;
/// default this node), <c>pool</c> and <c>cidr</c> (one pool), <c>statusFile</c> (status writes are appended there).
/// </summary>
public sealed class GoodSourcePlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
        => services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterSource>(new SettingsSource(context)));
}
