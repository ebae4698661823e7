namespace Ingot.Sdk.Cluster;

/// <summary>A Service's <c>spec.externalTrafficPolicy</c>.</summary>
public enum TrafficPolicy
{
    /// <summary>Traffic may enter on any node (the Kubernetes default).</summary>
    Cluster,

    /// <summary>Traffic must enter on a node that runs a ready endpoint.</summary>
    Local,
}
