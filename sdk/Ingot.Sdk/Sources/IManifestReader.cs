namespace Ingot.Sdk.Sources;

/// <summary>
/// Reads Kubernetes manifests (MetalLB resources, Services, Nodes, EndpointSlices, Namespaces) from files, once. Used by
/// <c>ingot validate</c> and <c>ingot reconcile</c>; the file source plugin provides it.
/// </summary>
public interface IManifestReader
{
    /// <summary>Reads and validates files and directories of multi-document YAML.</summary>
    /// <param name="paths">Files or directories (read recursively, <c>*.yaml</c>/<c>*.yml</c>/<c>*.json</c>, in name order).</param>
    /// <returns>The snapshot and every diagnostic.</returns>
    ManifestReadResult Read(IReadOnlyList<string> paths);
}
