using System.Reflection;
using Ingot.Host.Plugins;

namespace Ingot.Host.Pipeline;

/// <summary>
/// Which plugin each component came from, read off the assembly that registered it. The pipeline names a component by
/// its plugin everywhere (metrics, logs, selection), because a component's own name ("file") differs from its plugin's
/// ("file-source").
/// </summary>
internal sealed class ComponentOrigins
{
    private readonly Dictionary<Assembly, string> _pluginByAssembly;

    public ComponentOrigins(IEnumerable<PluginInfo> plugins)
    {
        _pluginByAssembly = plugins
            .Where(p => p.EntryType is not null)
            .GroupBy(p => p.EntryType!.Assembly)
            .ToDictionary(g => g.Key, g => g.First().Name);
    }

    /// <summary>The plugin a component came from (its assembly's plugin), else <paramref name="fallback"/>.</summary>
    public string PluginOf(object component, string fallback)
        => _pluginByAssembly.TryGetValue(component.GetType().Assembly, out var name) ? name : fallback;
}
