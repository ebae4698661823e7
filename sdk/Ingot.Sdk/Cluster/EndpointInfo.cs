namespace Ingot.Sdk.Cluster;

/// <summary>One endpoint of an EndpointSlice.</summary>
public sealed record EndpointInfo
{
    /// <summary><c>addresses</c>.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary><c>nodeName</c>, or null.</summary>
    public string? NodeName { get; init; }

    /// <summary><c>conditions.ready</c>; null when absent.</summary>
    public bool? Ready { get; init; }

    /// <summary><c>conditions.serving</c>; null when absent.</summary>
    public bool? Serving { get; init; }

    /// <summary>MetalLB's <c>EndpointCanServe</c>: usable when ready is absent or true, or serving is true.</summary>
    public bool CanServe => Ready is null or true || Serving is true;
}
