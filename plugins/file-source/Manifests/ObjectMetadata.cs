namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>The parts of <c>metadata</c> every mapping needs, with defaults already applied.</summary>
/// <param name="Name"><c>metadata.name</c>.</param>
/// <param name="Namespace"><c>metadata.namespace</c> or its default; empty for cluster-scoped kinds.</param>
/// <param name="Labels"><c>metadata.labels</c>.</param>
/// <param name="Annotations"><c>metadata.annotations</c>.</param>
/// <param name="Origin">The file.</param>
internal sealed record ObjectMetadata(
    string Name,
    string Namespace,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    string Origin);
