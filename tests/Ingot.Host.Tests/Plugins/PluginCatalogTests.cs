using System.Runtime.Loader;
using Ingot.Host.Plugins;
using Ingot.Sdk;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Host.Tests.Plugins;

public sealed class PluginCatalogTests
{
    [Fact]
    public void Load_GoodPluginOfEachKind_LoadsEachInItsOwnLoadContextWithSharedSdkTypes()
    {
        using var dir = new TempPluginsDirectory("good-source", "good-allocator", "good-announcer");

        var catalog = PluginCatalog.Load(dir.Path);

        Assert.Equal(
            [("test-ipam", PluginKind.Allocator, "good-allocator"), ("test-announcer", PluginKind.Announcer, "good-announcer"), ("test-source", PluginKind.Source, "good-source")],
            catalog.Plugins.Select(p => (p.Name, p.Kind!.Value, p.Folder)));
        Assert.All(catalog.Plugins, p => Assert.Equal(PluginStatus.Loaded, p.Status));
        Assert.All(catalog.Plugins, p => Assert.Equal("1.0.0", p.Version));

        // Each plugin has its own, non-collectible context named after its assembly ...
        var contexts = catalog.Plugins.Select(p => AssemblyLoadContext.GetLoadContext(p.EntryType!.Assembly)!).ToArray();
        Assert.Equal(3, contexts.Distinct().Count());
        Assert.All(contexts, c => Assert.NotSame(AssemblyLoadContext.Default, c));
        Assert.All(contexts, c => Assert.False(c.IsCollectible));
        Assert.Equal(["TestPlugins.GoodAllocator", "TestPlugins.GoodAnnouncer", "TestPlugins.GoodSource"], catalog.Plugins.Select(p => p.LoadContextName));

        // ... and the SDK types it registers are the host's own: the container resolves them by the host's interfaces.
        var services = new ServiceCollection();
        foreach (var plugin in catalog.Plugins)
        {
            PluginCatalog.Activate(plugin).ConfigureServices(services, new PluginContext
            {
                PluginName = plugin.Name,
                PluginDirectory = plugin.Directory,
                NodeName = "node-a",
            });
        }

        using var provider = services.BuildServiceProvider();
        Assert.Equal("test-source", Assert.Single(provider.GetServices<IClusterSource>()).Name);
        Assert.Equal("test-ipam", Assert.Single(provider.GetServices<IAddressAllocator>()).Name);
        Assert.Equal("test", Assert.Single(provider.GetServices<IAnnouncer>()).Name);
        Assert.Same(typeof(IPlugin).Assembly, catalog.Plugins[0].EntryType!.GetInterfaces().Single(i => i.Name == "IPlugin").Assembly);
    }

    [Fact]
    public void Load_FolderCarryingItsOwnSdk_RefusedBeforeLoading()
    {
        // The fixture really ships the SDK: it references Ingot.Sdk the way a careless plugin would.
        Assert.True(File.Exists(Path.Combine(TestPaths.TestPlugins, "bundled-sdk", "Ingot.Sdk.dll")));
        using var dir = new TempPluginsDirectory("bundled-sdk", "good-announcer");

        var catalog = PluginCatalog.Load(dir.Path);

        var refused = catalog.Plugins[0];
        Assert.Equal(PluginStatus.Refused, refused.Status);
        Assert.Equal(
            "plugin folder 'bundled-sdk' refused: it carries its own Ingot.Sdk.dll; the SDK is shared from the host (reference Ingot.Sdk with ExcludeAssets=runtime)",
            refused.RefusalLine);
        Assert.Null(refused.EntryType);
        Assert.DoesNotContain(AssemblyLoadContext.All, c => c.Assemblies.Any(a => a.GetName().Name == "TestPlugins.BundledSdk"));
        Assert.Equal(PluginStatus.Loaded, catalog.Plugins[1].Status);
    }

    [Fact]
    public void Load_PluginNeedingNewerSdk_Refused()
    {
        using var dir = new TempPluginsDirectory("newer-sdk");

        var plugin = Assert.Single(PluginCatalog.Load(dir.Path).Plugins);

        Assert.Equal(PluginStatus.Refused, plugin.Status);
        Assert.Equal("plugin folder 'newer-sdk' refused: plugin 'newer-sdk' needs SDK 99.0, this host has SDK 1.0.0", plugin.RefusalLine);
        Assert.Equal(PluginKind.Announcer, plugin.Kind);
        Assert.Null(plugin.EntryType);
    }

    [Fact]
    public void Load_TwoPluginsWithTheSameName_LaterFolderRefusedNamingTheOther()
    {
        using var dir = new TempPluginsDirectory("duplicate-b", "duplicate-a");

        var catalog = PluginCatalog.Load(dir.Path);

        Assert.Equal(["duplicate-a", "duplicate-b"], catalog.Plugins.Select(p => p.Folder));
        Assert.Equal(PluginStatus.Loaded, catalog.Plugins[0].Status);
        Assert.Equal("copy a", catalog.Plugins[0].Description);
        Assert.Equal(
            "plugin folder 'duplicate-b' refused: plugin name 'duplicate' is already taken by folder 'duplicate-a'",
            catalog.Plugins[1].RefusalLine);
        Assert.Same(catalog.Plugins[0], catalog.Find("duplicate"));
    }

    [Fact]
    public void Load_AssemblyWithoutPluginAttribute_RefusedAsNoPlugin()
    {
        using var dir = new TempPluginsDirectory("no-plugin");

        var plugin = Assert.Single(PluginCatalog.Load(dir.Path).Plugins);

        Assert.Equal("plugin folder 'no-plugin' refused: no plugin: TestPlugins.NoPlugin.dll has no [assembly: IngotPlugin] attribute", plugin.RefusalLine);
    }

    [Fact]
    public void Load_EmptyFolder_RefusedAsNoPlugin()
    {
        using var dir = new TempPluginsDirectory();
        Directory.CreateDirectory(dir.File("empty"));

        var plugin = Assert.Single(PluginCatalog.Load(dir.Path).Plugins);

        Assert.Equal("plugin folder 'empty' refused: no plugin: the folder has no *.deps.json", plugin.RefusalLine);
    }

    [Fact]
    public void Load_DepsJsonWithoutItsAssembly_RefusedAsNoPlugin()
    {
        using var dir = new TempPluginsDirectory("good-announcer");
        File.Delete(Path.Combine(dir.Path, "good-announcer", "TestPlugins.GoodAnnouncer.dll"));

        var plugin = Assert.Single(PluginCatalog.Load(dir.Path).Plugins);

        Assert.Equal(
            "plugin folder 'good-announcer' refused: no plugin: TestPlugins.GoodAnnouncer.dll named by TestPlugins.GoodAnnouncer.deps.json is missing",
            plugin.RefusalLine);
    }

    [Fact]
    public void Load_EntryTypeNotAnIPlugin_Refused()
    {
        using var dir = new TempPluginsDirectory("not-iplugin");

        var plugin = Assert.Single(PluginCatalog.Load(dir.Path).Plugins);

        Assert.Equal(
            "plugin folder 'not-iplugin' refused: plugin 'not-iplugin' entry type TestPlugins.NotIPlugin.NotIPluginEntry does not implement Ingot.Sdk.IPlugin",
            plugin.RefusalLine);
    }

    [Fact]
    public void Load_EveryFixtureTogether_RefusesTheBadOnesAndLoadsTheRest()
    {
        using var dir = new TempPluginsDirectory(Directory.GetDirectories(TestPaths.TestPlugins).Select(Path.GetFileName).ToArray()!);

        var catalog = PluginCatalog.Load(dir.Path);

        Assert.Equal(
            ["duplicate", "test-ipam", "test-announcer", "test-source", "throwing-announcer"],
            catalog.Loaded.Select(p => p.Name));
        Assert.Equal(
            ["bundled-sdk", "duplicate-b", "newer-sdk", "no-plugin", "not-iplugin"],
            catalog.Plugins.Where(p => !p.IsLoaded).Select(p => p.Folder));
    }

    [Fact]
    public void Load_MissingDirectory_EmptyCatalog()
    {
        var catalog = PluginCatalog.Load(Path.Combine(Path.GetTempPath(), "ingot-no-such-dir-" + Guid.NewGuid()));

        Assert.Empty(catalog.Plugins);
    }
}
