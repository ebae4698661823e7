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

        Assert.StartsWith("file-source: unknown setting 'confg' (known: config, state, settleSeconds, releaseGraceSeconds)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_SettleAndGrace_AreSecondsAndBadValuesNameTheSetting()
    {
        var options = FileSourceOptions.FromSettings(new Dictionary<string, string> { ["settleSeconds"] = "0.5", ["releaseGraceSeconds"] = "60" }, "node-b");

        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Settle);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ReleaseGrace);
        var defaults = FileSourceOptions.FromSettings(new Dictionary<string, string>(), "node-b");
        Assert.Equal(TimeSpan.FromMilliseconds(300), defaults.Settle);
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.ReleaseGrace);
        var error = Assert.Throws<ArgumentException>(() => FileSourceOptions.FromSettings(new Dictionary<string, string> { ["releaseGraceSeconds"] = "-1" }, "n"));
        Assert.StartsWith("file-source: setting 'releaseGraceSeconds': '-1' is not a number of seconds", error.Message, StringComparison.Ordinal);
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
