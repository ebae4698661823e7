using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Sdk.Sources;

/// <summary>What <see cref="IManifestReader.Read"/> returns.</summary>
public sealed record ManifestReadResult
{
    /// <summary>The snapshot built from the manifests. Its configuration is empty when the manifests have errors.</summary>
    public required ClusterState State { get; init; }

    /// <summary>Every problem found, reading and validating: <c>file: Kind/name: message</c>.</summary>
    public IReadOnlyList<ConfigurationDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>True when no diagnostic is an error.</summary>
    public bool IsValid => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}
