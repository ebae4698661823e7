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

/// <summary>Entry point of the file-source plugin: settings in <see cref="FileSourceOptions.FromSettings"/>.</summary>
public sealed class FileSourcePlugin : IPlugin
{
    /// <summary>The setting naming the manifest file or directory.</summary>
    public const string ConfigSetting = FileSourceOptions.ConfigSetting;

    /// <summary>The setting naming the state file.</summary>
    public const string StateSetting = FileSourceOptions.StateSetting;

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var read = FileSourceOptions.FromSettings(context.Settings, context.NodeName);
        services.AddFileSource(options =>
        {
            options.NodeName = read.NodeName;
            options.ConfigPath = read.ConfigPath;
            options.StatePath = read.StatePath;
            options.Settle = read.Settle;
            options.ReleaseGrace = read.ReleaseGrace;
        });
    }
}
