using Ingot.Host.Cli;
using Ingot.Host.Hosting;

namespace Ingot.Host.Tests.Hosting;

public sealed class PluginSelectionTests
{
    [Fact]
    public void ForRun_WithConfig_DefaultsToFileSourceIpamL2Bgp()
    {
        var selection = PluginSelection.ForRun(new HostOptions { Config = "/etc/ingot", NodeName = "node-a" });

        Assert.Equal(["file-source", "ipam", "l2", "bgp"], selection.ActivePlugins);
        Assert.Equal("node-a", selection.NodeName);
        Assert.Equal("/etc/ingot", selection.SettingsFor("file-source")["config"]);
    }

    [Fact]
    public void ForRun_WithoutConfig_DefaultsToK8sSource()
    {
        var selection = PluginSelection.ForRun(new HostOptions { LbClass = "ingot" });

        Assert.Equal("k8s-source", selection.Source);
        Assert.Equal("ingot", selection.SettingsFor("k8s-source")["lbClass"]);
        Assert.Equal("ingot", selection.SettingsFor("ipam")["lbClass"]);
    }

    [Fact]
    public void ForRun_HostConfigThenOptionsThenSet_LaterWins()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ingot-host-config-").FullName, "host.json");
        File.WriteAllText(file, """
            {
              "source": "file-source",
              "announcers": ["l2"],
              "plugins": {
                "file-source": { "config": "/from/file", "state": "/state/from/file" },
                "l2": { "excludeInterfaces": "^veth", "refreshInterval": "10" }
              }
            }
            """);

        var selection = PluginSelection.ForRun(new HostOptions
        {
            HostConfigPath = file,
            Config = "/from/option",
            Sets = ["l2.refreshInterval=30", "l2.extra=a=b"],
        });

        Assert.Equal(["file-source", "ipam", "l2"], selection.ActivePlugins);
        Assert.Equal(
            [new("config", "/from/option"), new("state", "/state/from/file")],
            selection.SettingsFor("file-source").OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(
            [new("excludeInterfaces", "^veth"), new("extra", "a=b"), new("refreshInterval", "30")],
            selection.SettingsFor("l2").OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void ForRun_ExplicitOptions_OverrideHostConfigFile()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ingot-host-config-").FullName, "host.json");
        File.WriteAllText(file, """{ "source": "k8s-source", "ipam": "other", "announcers": ["bgp"] }""");

        var selection = PluginSelection.ForRun(new HostOptions { HostConfigPath = file, Source = "file-source", Announcers = [] });

        Assert.Equal(["file-source", "other"], selection.ActivePlugins);
    }

    [Theory]
    [InlineData("novalue")]
    [InlineData("=x")]
    [InlineData("plugin=x")]
    [InlineData(".key=x")]
    [InlineData("plugin.=x")]
    public void ForRun_MalformedSet_UsageError(string set)
    {
        var ex = Assert.Throws<CliException>(() => PluginSelection.ForRun(new HostOptions { Sets = [set] }));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Equal($"--set '{set}': expected plugin.key=value", ex.Message);
    }

    [Fact]
    public void ForRun_HostConfigWithUnknownField_InvalidInput()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ingot-host-config-").FullName, "host.json");
        File.WriteAllText(file, """{ "sauce": "file-source" }""");

        var ex = Assert.Throws<CliException>(() => PluginSelection.ForRun(new HostOptions { HostConfigPath = file }));

        Assert.Equal(ExitCodes.InvalidInput, ex.ExitCode);
        Assert.StartsWith($"{file}: invalid host configuration: ", ex.Message, StringComparison.Ordinal);
    }
}
