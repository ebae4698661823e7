using System.Reflection;
using Ingot.Host.Plugins;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Host.Pipeline;

/// <summary>The source, allocator and announcers a pipeline runs, and the plugin each one came from.</summary>
internal sealed class PipelineComponents
{
    private readonly Dictionary<Assembly, string> _pluginByAssembly;

    public PipelineComponents(IClusterSource source, IAddressAllocator? allocator, IReadOnlyList<IAnnouncer> announcers,
        IEnumerable<PluginInfo>? plugins = null)
    {
        Source = source;
        Allocator = allocator;
        Announcers = announcers;
        _pluginByAssembly = (plugins ?? [])
            .Where(p => p.EntryType is not null)
            .GroupBy(p => p.EntryType!.Assembly)
            .ToDictionary(g => g.Key, g => g.First().Name);
    }

    public IClusterSource Source { get; }

    public IAddressAllocator? Allocator { get; }

    public IReadOnlyList<IAnnouncer> Announcers { get; }

    /// <summary>The plugin a component came from (its assembly's plugin), else the component's own name.</summary>
    public string PluginOf(object component, string fallback)
        => _pluginByAssembly.TryGetValue(component.GetType().Assembly, out var name) ? name : fallback;

    /// <summary>
    /// Picks the components out of the container: the active plugins registered them, so there is normally exactly one
    /// source and one allocator; when a plugin registered several, the one named like the selected plugin wins.
    /// </summary>
    public static PipelineComponents Resolve(IServiceProvider services, string sourceName, string? allocatorName,
        IEnumerable<PluginInfo> plugins)
    {
        var sources = services.GetServices<IClusterSource>().ToArray();
        var source = PickOne(sources, s => s.Name, sourceName, "source");
        IAddressAllocator? allocator = null;
        if (allocatorName is not null)
        {
            allocator = PickOne(services.GetServices<IAddressAllocator>().ToArray(), a => a.Name, allocatorName, "allocator");
        }

        var announcers = services.GetServices<IAnnouncer>().ToArray();
        return new PipelineComponents(source, allocator, announcers, plugins);
    }

    private static T PickOne<T>(T[] candidates, Func<T, string> nameOf, string wanted, string role)
    {
        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        if (candidates.Length == 0)
        {
            throw new Cli.CliException(Cli.ExitCodes.RuntimeFailure, $"plugin '{wanted}' registered no {role}");
        }

        return candidates.FirstOrDefault(c => nameOf(c) == wanted)
            ?? throw new Cli.CliException(Cli.ExitCodes.RuntimeFailure,
                $"several {role}s are registered ({string.Join(", ", candidates.Select(nameOf))}) and none is named '{wanted}'");
    }
}
