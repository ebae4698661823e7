using System.Globalization;

namespace Ingot.Plugins.FileSource;

/// <summary>Settings of the file source.</summary>
public sealed class FileSourceOptions
{
    /// <summary>The setting naming the manifest file or directory.</summary>
    public const string ConfigSetting = "config";

    /// <summary>The setting naming the state file.</summary>
    public const string StateSetting = "state";

    /// <summary>The setting for <see cref="Settle"/>, in seconds.</summary>
    public const string SettleSetting = "settleSeconds";

    /// <summary>The setting for <see cref="ReleaseGrace"/>, in seconds.</summary>
    public const string ReleaseGraceSetting = "releaseGraceSeconds";

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

    /// <summary>
    /// The time between the two reads that must agree before the manifests are taken (setting <c>settleSeconds</c>).
    /// 300 ms: tools that rewrite a directory (git checkout, rsync, config management, an editor's save) finish a file
    /// within a few milliseconds of the previous one, so a directory quiet this long is between changes, while an edit
    /// still shows within a second.
    /// </summary>
    public TimeSpan Settle { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// How long the addresses of a Service that went away stay reserved for its return (setting
    /// <c>releaseGraceSeconds</c>; 0 turns the memory off). Ten minutes covers a delete and re-create, a file moved away
    /// and back, a restart or a rollout; the pool still hands them out sooner when it has nothing else.
    /// </summary>
    public TimeSpan ReleaseGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Reads the plugin settings, rejecting unknown keys and bad values with a message naming the setting.</summary>
    /// <param name="settings">The plugin's settings.</param>
    /// <param name="nodeName">This node's name.</param>
    /// <returns>The options.</returns>
    public static FileSourceOptions FromSettings(IReadOnlyDictionary<string, string> settings, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new FileSourceOptions { NodeName = nodeName };
        foreach (var (key, value) in settings)
        {
            switch (key)
            {
                case ConfigSetting:
                    options.ConfigPath = value;
                    break;
                case StateSetting:
                    options.StatePath = value;
                    break;
                case SettleSetting:
                    options.Settle = Seconds(key, value, TimeSpan.FromSeconds(10));
                    break;
                case ReleaseGraceSetting:
                    options.ReleaseGrace = Seconds(key, value, TimeSpan.FromDays(30));
                    break;
                default:
                    throw new ArgumentException(
                        $"file-source: unknown setting '{key}' (known: {ConfigSetting}, {StateSetting}, {SettleSetting}, {ReleaseGraceSetting})",
                        nameof(settings));
            }
        }

        return options;
    }

    private static TimeSpan Seconds(string key, string value, TimeSpan maximum)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > maximum.TotalSeconds)
        {
            throw new ArgumentException(
                $"file-source: setting '{key}': '{value}' is not a number of seconds from 0 to {maximum.TotalSeconds.ToString(CultureInfo.InvariantCulture)}",
                nameof(key));
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
