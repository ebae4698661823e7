using System.Collections.Immutable;

namespace Ingot.Sdk.Cluster;

/// <summary>A Kubernetes Namespace: its name and labels (pool namespace selectors match them).</summary>
public sealed record NamespaceInfo
{
    /// <summary>The Namespace's name.</summary>
    public required string Name { get; init; }

    /// <summary><c>metadata.labels</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;
}
