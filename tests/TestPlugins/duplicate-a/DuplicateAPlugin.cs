using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(typeof(TestPlugins.DuplicateA.DuplicateAPlugin), "duplicate", PluginKind.Announcer, "1.0", Description = "copy a")]

namespace TestPlugins.DuplicateA;

/// <summary>One of two plugins named <c>duplicate</c>: the later folder must be refused.</summary>
public sealed class DuplicateAPlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
