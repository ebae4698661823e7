using System.Net;
using Ingot.Plugins.L2.Election;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.L2.Announcing;

/// <summary>The <c>layer2</c> announcer: MetalLB's election as the pure plan, ARP/NDP answering as this node's work.</summary>
internal sealed class L2Announcer(L2Speaker speaker) : IAnnouncer
{
    public string Name => L2Election.Protocol;

    public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation) => L2Election.Plan(state, allocation);

    public ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        speaker.Update(nodeName, DesiredAddresses(plan, nodeName));
        return ValueTask.CompletedTask;
    }

    public ValueTask WithdrawAllAsync(CancellationToken cancellationToken)
    {
        speaker.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The addresses this node announces by layer 2. An address shared by several Services is announced on the
    /// union of their interfaces (all interfaces when any of them says all).</summary>
    internal static Dictionary<IPAddress, AnnouncedAddress> DesiredAddresses(AnnouncementPlan plan, string nodeName)
    {
        var byAddress = new Dictionary<IPAddress, (bool All, SortedSet<string> Names, SortedSet<ServiceKey> Services)>();
        foreach (var (service, announcement) in plan.ForNode(nodeName))
        {
            if (!string.Equals(announcement.Protocol, L2Election.Protocol, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var raw in announcement.Addresses)
            {
                var address = raw.IsIPv4MappedToIPv6 ? raw.MapToIPv4() : raw;
                if (!byAddress.TryGetValue(address, out var entry))
                {
                    entry = (false, new SortedSet<string>(StringComparer.Ordinal), []);
                }

                entry.Names.UnionWith(announcement.Interfaces);
                entry.Services.Add(service.Service);
                byAddress[address] = (entry.All || announcement.Interfaces.Count == 0, entry.Names, entry.Services);
            }
        }

        return byAddress.ToDictionary(
            p => p.Key,
            p => new AnnouncedAddress(p.Key, p.Value.All ? [] : p.Value.Names.ToList(), p.Value.Services.ToList()));
    }
}
