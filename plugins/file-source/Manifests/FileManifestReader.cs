using Ingot.Sdk.Configuration;
using Ingot.Sdk.Sources;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>Reads manifests once, for <c>ingot validate</c> and <c>ingot reconcile</c>.</summary>
internal sealed class FileManifestReader : IManifestReader
{
    private readonly FileSourceOptions _options;

    public FileManifestReader(FileSourceOptions options) => _options = options;

    public ManifestReadResult Read(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var batch = new ManifestLoader(_options.MetalLbNamespace).Load(paths);
        var snapshot = new ManifestSnapshotBuilder(_options.MetalLbNamespace, _options.NodeName).Build(batch);
        var valid = snapshot.Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
        return new ManifestReadResult
        {
            State = snapshot.Cluster with
            {
                Configuration = valid && snapshot.Configuration is { } configuration ? configuration : MetalLbConfiguration.Empty,
                ConfigurationErrors = snapshot.ConfigurationErrors,
            },
            Diagnostics = snapshot.Diagnostics,
        };
    }
}
