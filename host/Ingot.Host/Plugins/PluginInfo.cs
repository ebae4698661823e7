using Ingot.Sdk;

namespace Ingot.Host.Plugins;

/// <summary>One plugin folder as the catalog found it: loaded, or refused with a reason.</summary>
internal sealed record PluginInfo
{
    /// <summary>The plugin's declared name, or the folder name when it has none.</summary>
    public required string Name { get; init; }

    /// <summary>The folder's name under the plugins directory.</summary>
    public required string Folder { get; init; }

    /// <summary>The folder's full path.</summary>
    public required string Directory { get; init; }

    public PluginStatus Status { get; init; }

    /// <summary>Why the folder was refused; null when loaded.</summary>
    public string? Reason { get; init; }

    public PluginKind? Kind { get; init; }

    /// <summary>The plugin assembly's informational version (without the source revision).</summary>
    public string? Version { get; init; }

    public string? Description { get; init; }

    /// <summary>The entry type; null when refused.</summary>
    public Type? EntryType { get; init; }

    /// <summary>The name of the assembly load context the plugin lives in.</summary>
    public string? LoadContextName { get; init; }

    public bool IsLoaded => Status == PluginStatus.Loaded;

    /// <summary>The refusal as one line, naming the folder.</summary>
    public string RefusalLine => $"plugin folder '{Folder}' refused: {Reason}";
}
