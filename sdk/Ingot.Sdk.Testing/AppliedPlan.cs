using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Testing;

/// <summary>One <see cref="IAnnouncer.ApplyAsync"/> call recorded by <see cref="RecordingAnnouncer"/>.</summary>
/// <param name="State">The snapshot.</param>
/// <param name="Plan">The plan applied.</param>
/// <param name="NodeName">The node it was applied for.</param>
public sealed record AppliedPlan(ClusterState State, AnnouncementPlan Plan, string NodeName)
{
    /// <summary>What this node announces in <see cref="Plan"/>.</summary>
    public IReadOnlyList<Announcement.Announcement> ForThisNode
        => Plan.ForNode(NodeName).Select(x => x.Announcement).ToArray();
}
