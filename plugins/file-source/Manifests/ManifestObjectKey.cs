namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>Identifies an object as Kubernetes does: kind, namespace (empty for cluster-scoped kinds) and name.</summary>
/// <param name="Kind">The object's kind.</param>
/// <param name="Namespace">The namespace, or empty for Node and Namespace.</param>
/// <param name="Name">The object's name.</param>
internal readonly record struct ManifestObjectKey(string Kind, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
