namespace Ingot.Sdk.Cluster;

/// <summary>An EndpointSlice, tied to its Service by the <c>kubernetes.io/service-name</c> label.</summary>
public sealed record EndpointSliceInfo
{
    /// <summary>The slice's namespace (also the Service's).</summary>
    public required string Namespace { get; init; }

    /// <summary>The slice's own name.</summary>
    public required string Name { get; init; }

    /// <summary>The Service this slice belongs to.</summary>
    public required string ServiceName { get; init; }

    /// <summary><c>endpoints</c>.</summary>
    public IReadOnlyList<EndpointInfo> Endpoints { get; init; } = [];
}
