namespace Ingot.Sdk;

/// <summary>What the host tells a plugin when it is configured.</summary>
public sealed record PluginContext
{
    /// <summary>The plugin's name as declared in <see cref="IngotPluginAttribute"/>.</summary>
    public required string PluginName { get; init; }

    /// <summary>The folder the plugin was loaded from; plugins may keep read-only data files there.</summary>
    public required string PluginDirectory { get; init; }

    /// <summary>The name of the node this process runs on and announces for.</summary>
    public required string NodeName { get; init; }

    /// <summary>
    /// Settings for this plugin from the command line and the host's configuration (<c>Plugins:&lt;name&gt;:&lt;key&gt;</c>),
    /// flattened to <c>key → value</c>. Unknown keys are the plugin's to reject.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
