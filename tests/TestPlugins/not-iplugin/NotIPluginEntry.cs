using Ingot.Sdk;

[assembly: IngotPlugin(typeof(TestPlugins.NotIPlugin.NotIPluginEntry), "not-iplugin", PluginKind.Announcer, "1.0")]

namespace TestPlugins.NotIPlugin;

/// <summary>An entry type that does not implement IPlugin: the host must refuse it.</summary>
public sealed class NotIPluginEntry
{
}
