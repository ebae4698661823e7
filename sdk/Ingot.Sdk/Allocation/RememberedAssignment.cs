using System.Net;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Allocation;

/// <summary>
/// Addresses a Service held until it went away, kept by the source for a grace period so that the Service gets them back
/// if it returns (deleted and re-created, its manifest moved away and back). The allocator hands them to another Service
/// only when its pool has no other free address of that family.
/// </summary>
public sealed record RememberedAssignment
{
    /// <summary>The Service that held the addresses.</summary>
    public required ServiceKey Service { get; init; }

    /// <summary>The addresses it held, in status order.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    /// <summary>When the source saw the Service lose them.</summary>
    public DateTimeOffset ReleasedAt { get; init; }
}
