using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>What a set of manifests amounts to once mapped, merged and validated.</summary>
internal sealed record ManifestSnapshot
{
    /// <summary>The objects in force, by key (the last definition of each wins, as with <c>kubectl apply</c>).</summary>
    public required IReadOnlyDictionary<ManifestObjectKey, ManifestObject> Objects { get; init; }

    /// <summary>Services, Nodes, EndpointSlices and Namespaces; the configuration is left empty here.</summary>
    public required ClusterState Cluster { get; init; }

    /// <summary>The validated configuration, or null when it was refused.</summary>
    public MetalLbConfiguration? Configuration { get; init; }

    /// <summary>Why the configuration was refused; empty when accepted.</summary>
    public IReadOnlyList<ConfigurationDiagnostic> ConfigurationErrors { get; init; } = [];

    /// <summary>Every error and warning: reading, mapping and validation.</summary>
    public IReadOnlyList<ConfigurationDiagnostic> Diagnostics { get; init; } = [];
}
