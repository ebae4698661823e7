using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.Bgp.Codec;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Planning;

/// <summary>
/// Who announces what over BGP (MetalLB's <c>ShouldAnnounce</c> and <c>SetBalancer</c>, speaker/bgp_controller.go): for
/// every node and every Service address, one announcement per peer the node has a session with and per prefix the
/// matching BGPAdvertisements make. Every qualifying node announces (ECMP). Pure.
/// </summary>
internal static class BgpPlanner
{
    public const string Protocol = "bgp";

    public static AnnouncementPlan Plan(ClusterState state, AllocationResult allocation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(allocation);
        var config = state.Configuration;
        var services = state.Services.ToDictionary(s => s.Key);
        var nodes = state.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var peers = config.Peers.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var result = new List<ServiceAnnouncements>();

        foreach (var assignment in allocation.Assignments)
        {
            if (assignment.Addresses.Count == 0 || assignment.Pool is null
                || !services.TryGetValue(assignment.Service, out var service)
                || !config.Pools.TryGetValue(assignment.Pool, out var pool)
                || pool.BgpAdvertisements.Count == 0)
            {
                continue;
            }

            var endpoints = state.EndpointSlicesOf(service.Key).SelectMany(s => s.Endpoints).ToList();
            var announcements = new List<Announcement>();
            var skipped = new List<AnnouncementSkip>();
            foreach (var node in nodes)
            {
                var reason = ShouldAnnounce(node, service, pool, endpoints, assignment.Addresses, out var ads);
                if (reason is not null)
                {
                    skipped.Add(new AnnouncementSkip(Protocol, node.Name, reason));
                    continue;
                }

                foreach (var peer in peers.Where(p => p.SelectsNode(node)))
                {
                    foreach (var address in assignment.Addresses)
                    {
                        announcements.AddRange(ForPeer(node.Name, peer.Name, address, ads));
                    }
                }
            }

            result.Add(new ServiceAnnouncements { Service = assignment.Service, Announcements = announcements, Skipped = skipped });
        }

        return new AnnouncementPlan { Protocol = Protocol, Services = result };
    }

    /// <summary>Null when the node announces the Service, else MetalLB's reason word.</summary>
    internal static string? ShouldAnnounce(NodeInfo node, ServiceInfo service, AddressPool pool, IReadOnlyList<EndpointInfo> endpoints, IReadOnlyList<IPAddress> addresses, out List<BgpAdvertisement> ads)
    {
        var forNode = pool.BgpAdvertisements.Where(a => a.SelectsNode(node)).ToList();
        ads = forNode.Where(a => a.SelectsService(service)).ToList();
        if (forNode.Count == 0)
        {
            return "notOwner";
        }

        if (ads.Count == 0)
        {
            return "noMatchingAdvertisement";
        }

        if (HasConflictingLocalPref(ads, addresses))
        {
            return "conflictingAdvertisements";
        }

        if (node.NetworkUnavailable)
        {
            return "nodeNetworkUnavailable";
        }

        if (node.ExcludedFromLoadBalancers)
        {
            return "nodeLabeledExcludeBalancers";
        }

        // ETP=Local: only nodes with a usable local endpoint; Cluster: a usable endpoint anywhere.
        if (service.ExternalTrafficPolicy == TrafficPolicy.Local)
        {
            if (!endpoints.Any(e => e.NodeName == node.Name && e.CanServe && e.Addresses.Count > 0))
            {
                return "noLocalEndpoints";
            }
        }
        else if (!endpoints.Any(e => e.CanServe && e.Addresses.Count > 0))
        {
            return "noEndpoints";
        }

        return null;
    }

    /// <summary>
    /// Two advertisements that make the same prefix for a common peer with different LOCAL_PREF (checked per Service for
    /// advertisements with service selectors; the parser already refused it for the others).
    /// </summary>
    private static bool HasConflictingLocalPref(List<BgpAdvertisement> ads, IReadOnlyList<IPAddress> addresses)
    {
        for (var i = 0; i < ads.Count; i++)
        {
            for (var j = i + 1; j < ads.Count; j++)
            {
                var a = ads[i];
                var b = ads[j];
                if (a.LocalPref == b.LocalPref)
                {
                    continue;
                }

                var samePrefix = addresses.Any(ip => Length(a, ip) == Length(b, ip));
                var commonPeer = a.Peers.Count == 0 || b.Peers.Count == 0 || a.Peers.Intersect(b.Peers).Any();
                if (samePrefix && commonPeer)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>One announcement per prefix: advertisements making the same prefix merge (communities unioned, first
    /// LOCAL_PREF), as MetalLB merges same-prefix advertisements for one peer.</summary>
    private static IEnumerable<Announcement> ForPeer(string node, string peer, IPAddress address, List<BgpAdvertisement> ads)
    {
        var byPrefix = new SortedDictionary<BgpPrefix, (uint LocalPref, SortedSet<BgpCommunity> Communities)>();
        foreach (var ad in ads.Where(a => a.AppliesToPeer(peer)))
        {
            var prefix = BgpPrefix.FromAddress(address, Length(ad, address));
            if (!byPrefix.TryGetValue(prefix, out var entry))
            {
                entry = (ad.LocalPref, []);
                byPrefix[prefix] = entry;
            }

            entry.Communities.UnionWith(ad.Communities);
        }

        foreach (var (prefix, entry) in byPrefix)
        {
            yield return new Announcement
            {
                Protocol = Protocol,
                Node = node,
                Addresses = [address],
                Peer = peer,
                Prefix = prefix.ToString(),
                LocalPref = entry.LocalPref,
                Communities = entry.Communities.Select(c => c.ToString()).ToList(),
            };
        }
    }

    private static int Length(BgpAdvertisement ad, IPAddress ip)
        => ip.AddressFamily == AddressFamily.InterNetworkV6 && !ip.IsIPv4MappedToIPv6 ? ad.AggregationLengthV6 : ad.AggregationLength;
}
