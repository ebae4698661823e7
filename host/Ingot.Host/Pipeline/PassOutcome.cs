using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;

namespace Ingot.Host.Pipeline;

/// <summary>What one reconcile pass did: the allocation and plans it used, and which plugins failed.</summary>
internal sealed record PassOutcome
{
    public required AllocationResult Allocation { get; init; }

    public IReadOnlyList<AnnouncementPlan> Plans { get; init; } = [];

    /// <summary>The plugins that threw, with what they threw, in pipeline order.</summary>
    public IReadOnlyList<PluginFailure> Failures { get; init; } = [];

    public bool Succeeded => Failures.Count == 0;
}
