namespace Ingot.Host.Hosting;

/// <summary>What the command line says about plugins and this node; the input of <see cref="PluginSelection"/>.</summary>
internal sealed record HostOptions
{
    /// <summary><c>--plugins-dir</c> or <c>INGOT_PLUGINS_DIR</c>; null means <c>plugins/</c> beside the executable.</summary>
    public string? PluginsDirectory { get; init; }

    public string? Source { get; init; }

    public string? Ipam { get; init; }

    /// <summary><c>--announcers</c>, already split; null means the default.</summary>
    public IReadOnlyList<string>? Announcers { get; init; }

    /// <summary><c>--set plugin.key=value</c>, in order (a later one wins).</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary><c>--host-config FILE</c>.</summary>
    public string? HostConfigPath { get; init; }

    /// <summary><c>--node</c>; null means <c>NODE_NAME</c>, else the host name.</summary>
    public string? NodeName { get; init; }

    /// <summary><c>--config</c> (file-source <c>config</c>).</summary>
    public string? Config { get; init; }

    /// <summary><c>--state</c> (file-source <c>state</c>).</summary>
    public string? State { get; init; }

    /// <summary><c>--lb-class</c> (ipam and k8s-source <c>lbClass</c>).</summary>
    public string? LbClass { get; init; }

    /// <summary>The plugins directory to scan.</summary>
    public string ResolvePluginsDirectory()
    {
        if (!string.IsNullOrEmpty(PluginsDirectory))
        {
            return PluginsDirectory;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("INGOT_PLUGINS_DIR");
        return string.IsNullOrEmpty(fromEnvironment) ? Plugins.PluginCatalog.DefaultDirectory : fromEnvironment;
    }

    /// <summary>This node's name.</summary>
    public string ResolveNodeName()
    {
        if (!string.IsNullOrEmpty(NodeName))
        {
            return NodeName;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("NODE_NAME");
        return string.IsNullOrEmpty(fromEnvironment) ? Environment.MachineName : fromEnvironment;
    }
}
