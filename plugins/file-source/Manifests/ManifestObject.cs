namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>One object read from a manifest and mapped to its SDK type.</summary>
/// <param name="Key">Kind, namespace and name.</param>
/// <param name="Value">The SDK record (<c>ServiceInfo</c>, <c>IPAddressPoolResource</c>, …).</param>
/// <param name="Origin">The file it came from, as the user gave it.</param>
internal sealed record ManifestObject(ManifestObjectKey Key, object Value, string Origin)
{
    /// <summary>True for the kinds that make up the MetalLB configuration (the MetalLB CRDs and the Secrets they name).</summary>
    public bool IsConfiguration => ManifestKinds.IsConfigurationKind(Key.Kind);
}
