using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(TestPlugins.DuplicateB.DuplicateBPlugin), "duplicate", PluginKind.Announcer, "1.0", Description = "copy b")]

namespace TestPlugins.DuplicateB;

/// <summary>One of two plugins named <c>duplicate</c>: the later folder must be refused.</summary>
public sealed class DuplicateBPlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
