using Ingot.Host.Plugins;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Host.Pipeline;

/// <summary>The source, allocator and announcers a pipeline runs, and the plugin each one came from.</summary>
internal sealed class PipelineComponents
{
    private readonly ComponentOrigins _origins;

    public PipelineComponents(IClusterSource source, IAddressAllocator? allocator, IReadOnlyList<IAnnouncer> announcers,
        IEnumerable<PluginInfo>? plugins = null)
    {
        Source = source;
        Allocator = allocator;
        Announcers = announcers;
        _origins = new ComponentOrigins(plugins ?? []);
    }

    public IClusterSource Source { get; }

    public IAddressAllocator? Allocator { get; }

    public IReadOnlyList<IAnnouncer> Announcers { get; }

    /// <summary>The plugin a component came from (its assembly's plugin), else the component's own name.</summary>
    public string PluginOf(object component, string fallback) => _origins.PluginOf(component, fallback);

    /// <summary>
    /// Picks the components out of the container: the active plugins registered them, so there is normally exactly one
    /// source and one allocator; when several are registered, the one that came from the selected plugin wins.
    /// </summary>
    public static PipelineComponents Resolve(IServiceProvider services, string sourcePlugin, string? allocatorPlugin,
        IEnumerable<PluginInfo> plugins)
    {
        var known = plugins.ToArray();
        var origins = new ComponentOrigins(known);
        var source = PickOne(origins, services.GetServices<IClusterSource>().ToArray(), s => s.Name, sourcePlugin, "source");
        IAddressAllocator? allocator = null;
        if (allocatorPlugin is not null)
        {
            allocator = PickOne(origins, services.GetServices<IAddressAllocator>().ToArray(), a => a.Name, allocatorPlugin, "allocator");
        }

        var announcers = services.GetServices<IAnnouncer>().ToArray();
        return new PipelineComponents(source, allocator, announcers, known);
    }

    private static T PickOne<T>(ComponentOrigins origins, T[] candidates, Func<T, string> nameOf, string wantedPlugin, string role)
        where T : notnull
    {
        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        if (candidates.Length == 0)
        {
            throw new PipelineException($"plugin '{wantedPlugin}' registered no {role}");
        }

        // A component's own name ("file", "kubernetes") differs from its plugin's ("file-source"): match on the plugin.
        var fromPlugin = candidates.Where(c => origins.PluginOf(c, nameOf(c)) == wantedPlugin).ToArray();
        return fromPlugin.Length == 1
            ? fromPlugin[0]
            : throw new PipelineException(fromPlugin.Length == 0
                ? $"several {role}s are registered ({string.Join(", ", candidates.Select(c => origins.PluginOf(c, nameOf(c))))}) and none comes from plugin '{wantedPlugin}'"
                : $"plugin '{wantedPlugin}' registered {fromPlugin.Length} {role}s ({string.Join(", ", fromPlugin.Select(nameOf))}); it must register one");
    }
}
