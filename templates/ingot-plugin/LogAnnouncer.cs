using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Logging;

namespace IngotPlugin1;

/// <summary>
/// A starting point: every assigned address is "announced" by the first Ready node (by name), and Apply logs what this
/// node announces. Replace the body of Apply with your protocol work; keep Plan pure.
/// </summary>
internal sealed partial class LogAnnouncer(ILogger<LogAnnouncer> logger) : IAnnouncer
{
    public string Name => "my-announcer";

    public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation)
    {
        var owner = state.Nodes.Where(n => n.Ready).Select(n => n.Name).Order(StringComparer.Ordinal).FirstOrDefault();
        return new AnnouncementPlan
        {
            Protocol = Name,
            Services = allocation.Assignments
                .Where(a => a.Addresses.Count > 0)
                .Select(a => new ServiceAnnouncements
                {
                    Service = a.Service,
                    Announcements = owner is null ? [] : [new Announcement { Protocol = Name, Node = owner, Addresses = a.Addresses }],
                })
                .ToList(),
        };
    }

    public ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
    {
        foreach (var (service, announcement) in plan.ForNode(nodeName))
        {
            LogAnnounce(service.Service.ToString(), string.Join(",", announcement.Addresses));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask WithdrawAllAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "announcing {Service} at {Addresses}")]
    private partial void LogAnnounce(string service, string addresses);
}
