using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace TestPlugins.ThrowingAnnouncer;

internal sealed class ThrowingAnnouncer : IAnnouncer
{
    public string Name => "throwing";

    public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation) => new() { Protocol = Name };

    public ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
        => throw new InvalidOperationException("throwing-announcer always fails in ApplyAsync");

    public ValueTask WithdrawAllAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
