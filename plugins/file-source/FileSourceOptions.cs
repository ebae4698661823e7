namespace Ingot.Plugins.FileSource;

/// <summary>Settings of the file source.</summary>
public sealed class FileSourceOptions
{
    /// <summary>The manifest file or directory to watch (setting <c>config</c>).</summary>
    public string? ConfigPath { get; set; }

    /// <summary>
    /// The state file that keeps assignments across restarts (setting <c>state</c>); null keeps them in memory only.
    /// </summary>
    public string? StatePath { get; set; }

    /// <summary>This node's name; it is the only node when the manifests hold no Node objects.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>The namespace MetalLB objects without <c>metadata.namespace</c> belong to.</summary>
    public string MetalLbNamespace { get; set; } = "metallb-system";

    /// <summary>How long the files must stay quiet after a change before they are read (editors write in bursts).</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How often file sizes and times are compared, in case a file system event was missed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
