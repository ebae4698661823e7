using Ingot.Sdk.Announcement;

namespace Ingot.Sdk.Testing;

/// <summary>One <see cref="Sources.IClusterSource.ReportAnnouncementsAsync"/> call recorded by <see cref="FakeClusterSource"/>.</summary>
/// <param name="NodeName">The reporting node.</param>
/// <param name="Plans">Every announcer's plan.</param>
public sealed record AnnouncementReport(string NodeName, IReadOnlyList<AnnouncementPlan> Plans);
