using System.Net;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Allocation;

/// <summary>The allocator's answer for one LoadBalancer Service.</summary>
public sealed record ServiceAssignment
{
    /// <summary>The Service.</summary>
    public required ServiceKey Service { get; init; }

    /// <summary>The addresses in the order they go into <c>status.loadBalancer.ingress</c>; empty when none.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    /// <summary>The pool the addresses came from, or null.</summary>
    public string? Pool { get; init; }

    /// <summary>Why the Service has no address, in words a person understands; null when it has one.</summary>
    public string? Error { get; init; }
}
