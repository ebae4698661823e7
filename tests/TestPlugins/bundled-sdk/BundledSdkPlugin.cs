using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(TestPlugins.BundledSdk.BundledSdkPlugin), "bundled-sdk", PluginKind.Announcer, "1.0")]

namespace TestPlugins.BundledSdk;

/// <summary>A plugin that ships its own copy of Ingot.Sdk.dll: the host must refuse it.</summary>
public sealed class BundledSdkPlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
