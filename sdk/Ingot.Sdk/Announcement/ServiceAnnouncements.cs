using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Announcement;

/// <summary>An announcer's plan for one Service.</summary>
public sealed record ServiceAnnouncements
{
    /// <summary>The Service.</summary>
    public required ServiceKey Service { get; init; }

    /// <summary>Who announces what.</summary>
    public IReadOnlyList<Announcement> Announcements { get; init; } = [];

    /// <summary>Nodes that do not announce, and why.</summary>
    public IReadOnlyList<AnnouncementSkip> Skipped { get; init; } = [];
}
