using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(TestPlugins.NewerSdk.NewerSdkPlugin), "newer-sdk", PluginKind.Announcer, "99.0")]

namespace TestPlugins.NewerSdk;

/// <summary>A plugin that needs SDK 99.0: the host must refuse it.</summary>
public sealed class NewerSdkPlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
        => throw new InvalidOperationException("a plugin needing a newer SDK must never be configured");
}
