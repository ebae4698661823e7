using Ingot.Sdk;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Plugins.K8sSource.Tests;

public sealed class K8sSourcePluginTests
{
    [Fact]
    public async Task ConfigureServices_Settings_RegistersKubernetesSourceOnce()
    {
        await using var server = await FakeApiServer.FakeApiServer.StartAsync();
        var services = new ServiceCollection();
        var context = new PluginContext
        {
            PluginName = "k8s-source",
            PluginDirectory = AppContext.BaseDirectory,
            NodeName = "node-a",
            Settings = new Dictionary<string, string> { ["kubeconfig"] = server.WriteKubeconfig(SourceHarness.TempDirectory()), ["namespace"] = "lb", ["lbClass"] = "x" },
        };

        new K8sSourcePlugin().ConfigureServices(services, context);
        services.AddKubernetesSource();
        await using var provider = services.BuildServiceProvider();

        var source = Assert.Single(provider.GetServices<IClusterSource>());
        Assert.Equal("kubernetes", source.Name);
    }

    [Fact]
    public void ConfigureServices_UnknownSetting_ThrowsNamingIt()
    {
        var context = new PluginContext
        {
            PluginName = "k8s-source",
            PluginDirectory = AppContext.BaseDirectory,
            NodeName = "node-a",
            Settings = new Dictionary<string, string> { ["namespaces"] = "x" },
        };

        var error = Assert.Throws<ArgumentException>(() => new K8sSourcePlugin().ConfigureServices(new ServiceCollection(), context));

        Assert.Contains("'namespaces'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_Values_MapToOptions()
    {
        var options = K8sSourceOptions.FromSettings(new Dictionary<string, string> { ["namespace"] = "lb", ["kubeconfig"] = "/k", ["lbClass"] = "c" }, "node-z");

        Assert.Equal(("lb", "/k", "c", "node-z"), (options.Namespace, options.Kubeconfig, options.LoadBalancerClass, options.NodeName));
    }
}
