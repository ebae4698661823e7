using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>What reading a set of manifest files produced: objects, diagnostics, and what could not be read.</summary>
internal sealed class ManifestBatch
{
    /// <summary>Objects that mapped cleanly, in file order then document order.</summary>
    public List<ManifestObject> Objects { get; } = [];

    /// <summary>Errors and warnings, in the order found.</summary>
    public List<ConfigurationDiagnostic> Diagnostics { get; } = [];

    /// <summary>Objects that had a field of the wrong shape (left out of <see cref="Objects"/>).</summary>
    public HashSet<ManifestObjectKey> Failed { get; } = [];

    /// <summary>Files that could not be read or parsed as YAML at all.</summary>
    public HashSet<string> FailedFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>A hash over every file's path and bytes, so a watcher can tell a real change from a touch.</summary>
    public byte[] ContentHash { get; set; } = [];
}
