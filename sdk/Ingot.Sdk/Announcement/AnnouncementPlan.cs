namespace Ingot.Sdk.Announcement;

/// <summary>An announcer's plan for every node: the output of the pure <see cref="IAnnouncer.Plan"/>.</summary>
public sealed record AnnouncementPlan
{
    /// <summary>An empty plan.</summary>
    public static AnnouncementPlan Empty { get; } = new() { Protocol = string.Empty };

    /// <summary>The announcer's protocol name.</summary>
    public required string Protocol { get; init; }

    /// <summary>One entry per Service that has addresses.</summary>
    public IReadOnlyList<ServiceAnnouncements> Services { get; init; } = [];

    /// <summary>The announcements a given node makes.</summary>
    /// <param name="node">The node's name.</param>
    /// <returns>Its announcements, Service by Service.</returns>
    public IEnumerable<(ServiceAnnouncements Service, Announcement Announcement)> ForNode(string node)
        => Services.SelectMany(s => s.Announcements.Where(a => a.Node == node).Select(a => (s, a)));
}
