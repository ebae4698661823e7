using Ingot.Sdk;
using Microsoft.Extensions.DependencyInjection;

[assembly: IngotPlugin(
    typeof(Ingot.Plugins.FileSource.FileSourcePlugin),
    "file-source",
    PluginKind.Source,
    "1.0",
    Description = "Reads MetalLB, Service, Node, EndpointSlice and Namespace manifests from a file or directory, applies edits "
        + "within a second (an invalid edit keeps the last good configuration), and keeps assignments in a state file; "
        + "also reads manifests for ingot validate and reconcile")]

namespace Ingot.Plugins.FileSource;

/// <summary>Entry point of the file-source plugin: settings <c>config</c> (manifest path) and <c>state</c> (state file).</summary>
public sealed class FileSourcePlugin : IPlugin
{
    /// <summary>The setting naming the manifest file or directory.</summary>
    public const string ConfigSetting = "config";

    /// <summary>The setting naming the state file.</summary>
    public const string StateSetting = "state";

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var key in context.Settings.Keys)
        {
            if (key is not (ConfigSetting or StateSetting))
            {
                throw new ArgumentException($"file-source: unknown setting '{key}' (known: {ConfigSetting}, {StateSetting})", nameof(context));
            }
        }

        services.AddFileSource(options =>
        {
            options.NodeName = context.NodeName;
            options.ConfigPath = context.Settings.GetValueOrDefault(ConfigSetting);
            options.StatePath = context.Settings.GetValueOrDefault(StateSetting);
        });
    }
}
