using Ingot.Sdk;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Plugins.FileSource.Tests;

public class FileSourcePluginTests
{
    private static PluginContext Context(Dictionary<string, string> settings) => new()
    {
        PluginName = "file-source",
        PluginDirectory = AppContext.BaseDirectory,
        NodeName = "node-b",
        Settings = settings,
    };

    [Fact]
    public void ConfigureServices_RegistersSourceAndReaderWithSettings()
    {
        var services = new ServiceCollection().AddLogging();
        new FileSourcePlugin().ConfigureServices(services, Context(new() { ["config"] = "/etc/ingot", ["state"] = "/var/lib/ingot/state.json" }));
        new FileSourcePlugin().ConfigureServices(services, Context(new() { ["config"] = "/other" }));
        using var provider = services.BuildServiceProvider();

        var source = Assert.Single(provider.GetServices<IClusterSource>());
        Assert.Equal("file", source.Name);
        Assert.IsType<Manifests.FileManifestReader>(Assert.Single(provider.GetServices<IManifestReader>()));
        var options = provider.GetRequiredService<FileSourceOptions>();
        Assert.Equal("/etc/ingot", options.ConfigPath);
        Assert.Equal("/var/lib/ingot/state.json", options.StatePath);
        Assert.Equal("node-b", options.NodeName);
    }

    [Fact]
    public void ConfigureServices_UnknownSetting_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new FileSourcePlugin().ConfigureServices(new ServiceCollection(), Context(new() { ["confg"] = "/x" })));

        Assert.StartsWith("file-source: unknown setting 'confg' (known: config, state)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assembly_DeclaresTheFileSourcePlugin()
    {
        var attribute = Assert.Single(typeof(FileSourcePlugin).Assembly.GetCustomAttributes(typeof(IngotPluginAttribute), false).Cast<IngotPluginAttribute>());

        Assert.Equal("file-source", attribute.Name);
        Assert.Equal(PluginKind.Source, attribute.Kind);
        Assert.Equal(typeof(FileSourcePlugin), attribute.EntryPoint);
        Assert.Contains("state file", attribute.Description, StringComparison.Ordinal);
    }
}
