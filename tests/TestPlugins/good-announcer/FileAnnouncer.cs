using System.Diagnostics.Metrics;
using Ingot.Sdk;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace TestPlugins.GoodAnnouncer;

/// <summary>Every node announces every assigned address by protocol <c>test</c>; Apply writes this node's part to a file.</summary>
internal sealed class FileAnnouncer : IAnnouncer
{
    private static readonly Meter s_meter = new("TestPlugins.GoodAnnouncer");
    private static readonly Counter<long> s_applies = s_meter.CreateCounter<long>("test_announcer_applies_total",
        description: "Apply calls of the test announcer, per node");

    private readonly PluginContext _context;

    public FileAnnouncer(PluginContext context) => _context = context;

    public string Name => "test";

    public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation) => new()
    {
        Protocol = Name,
        Services = allocation.Assignments.Where(a => a.Addresses.Count > 0).Select(a => new ServiceAnnouncements
        {
            Service = a.Service,
            Announcements = state.Nodes.Select(n => new Announcement { Protocol = Name, Node = n.Name, Addresses = a.Addresses }).ToArray(),
        }).ToArray(),
    };

    public ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
    {
        s_applies.Add(1, new KeyValuePair<string, object?>("node", nodeName));
        var announced = plan.ForNode(nodeName).Select(x => $"{x.Service.Service}={string.Join(",", x.Announcement.Addresses)}");
        Write($"apply r{state.Revision} {nodeName} {string.Join(" ", announced)}");
        return ValueTask.CompletedTask;
    }

    public ValueTask WithdrawAllAsync(CancellationToken cancellationToken)
    {
        Write("withdraw");
        return ValueTask.CompletedTask;
    }

    private void Write(string line)
    {
        if (_context.Settings.TryGetValue("out", out var file))
        {
            File.AppendAllLines(file, [line]);
        }
    }
}
