using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ingot.Plugins.L2.Membership;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.L2.Election;

/// <summary>
/// MetalLB's stateless layer 2 election (<c>ShouldAnnounce</c> / <c>sortL2Candidates</c>), computed for every node at once.
/// Every node runs the same function on the same snapshot, so they agree on the owner without talking to each other.
/// </summary>
/// <remarks>
/// Two deliberate differences. A node whose <c>Ready</c> condition is anything but <c>True</c> is not a candidate, so
/// without membership the address moves as soon as the node controller marks it NotReady (MetalLB without memberlist
/// keeps a dead node "owning" it until the Node goes away). With membership (docs/failover.md) the candidates are also
/// only nodes whose speaker is alive, and among them those past the hold-down are preferred, so a returning node takes
/// its addresses back only once it has been stable; the ranking itself is MetalLB's.
/// </remarks>
internal static class L2Election
{
    public const string Protocol = "layer2";

    private const string AllowSharedIpAnnotation = "allow-shared-ip";

    public static AnnouncementPlan Plan(ClusterState state, AllocationResult allocation, MembershipSnapshot? membership = null)
        => Plan(state, allocation, membership, takeoverFor: null, out _);

    /// <summary>The election, and for <paramref name="takeoverFor"/> the <see cref="TakeoverIndex"/>: the Services it is
    /// next in line for, by current owner. The ranking is computed once for both.</summary>
    public static AnnouncementPlan Plan(ClusterState state, AllocationResult allocation, MembershipSnapshot? membership, string? takeoverFor, out TakeoverIndex takeovers)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(allocation);
        membership ??= MembershipSnapshot.Disabled;

        var services = new Dictionary<ServiceKey, ServiceInfo>();
        foreach (var s in state.Services)
        {
            services.TryAdd(s.Key, s);
        }

        var result = new List<ServiceAnnouncements>();
        var byOwner = takeoverFor is null ? null : new Dictionary<string, List<Takeover>>(StringComparer.Ordinal);
        foreach (var assignment in allocation.Assignments)
        {
            if (assignment.Addresses.Count == 0 || !services.TryGetValue(assignment.Service, out var service))
            {
                continue;
            }

            result.Add(ElectService(state, service, assignment, membership, takeoverFor, byOwner));
        }

        takeovers = byOwner is null
            ? TakeoverIndex.Empty
            : new TakeoverIndex(byOwner.ToDictionary(p => p.Key, p => (IReadOnlyList<Takeover>)p.Value, StringComparer.Ordinal));
        return new AnnouncementPlan { Protocol = Protocol, Services = result };
    }

    /// <summary>Orders candidates as MetalLB does: preference score descending, then SHA-256 of <c>node#ip</c> ascending
    /// (byte order). <paramref name="ip"/> is the Service's first address in Go's <c>net.IP.String()</c> form.</summary>
    public static List<string> SortCandidates(IEnumerable<string> candidates, string ip, IReadOnlyDictionary<string, int> scores)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var keyed = candidates
            .Select(c => (Node: c, Score: scores.GetValueOrDefault(c), Hash: SHA256.HashData(Encoding.UTF8.GetBytes(c + "#" + ip))))
            .ToList();
        keyed.Sort((a, b) =>
        {
            if (a.Score != b.Score)
            {
                return b.Score.CompareTo(a.Score);
            }

            return a.Hash.AsSpan().SequenceCompareTo(b.Hash);
        });
        return keyed.Select(k => k.Node).ToList();
    }

    /// <summary>Whether <paramref name="node"/> may announce any Service at all (MetalLB's speaker-level rules): Ready, its
    /// network available, not excluded from load balancers.</summary>
    public static bool MayAnnounce(NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Ready && !node.NetworkUnavailable && !node.ExcludedFromLoadBalancers;
    }

    /// <summary>MetalLB's order of <paramref name="nodes"/> for <paramref name="address"/> (preference scores of the
    /// advertisements of the pool holding it, then the hash), the same on every node: who ranks higher when two answer.</summary>
    public static List<string> Ranking(ClusterState state, IPAddress address, IEnumerable<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(address);
        var pool = state.Configuration.Pools.Values.FirstOrDefault(p => p.Contains(address));
        var names = nodes.Distinct(StringComparer.Ordinal).ToList();
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in state.Nodes.Where(n => names.Contains(n.Name, StringComparer.Ordinal)))
        {
            scores[node.Name] = pool?.L2Advertisements.Sum(a => a.PreferenceScore(node)) ?? 0;
        }

        return SortCandidates(names, GoIPString(address), scores);
    }

    private static ServiceAnnouncements ElectService(
        ClusterState state, ServiceInfo service, ServiceAssignment assignment, MembershipSnapshot membership, string? takeoverFor, Dictionary<string, List<Takeover>>? byOwner)
    {
        var nodes = state.Nodes;
        var skipped = new List<AnnouncementSkip>();
        ServiceAnnouncements AllSkipped(string reason) => new()
        {
            Service = service.Key,
            Skipped = nodes.Select(n => new AnnouncementSkip(Protocol, n.Name, reason)).ToList(),
        };

        var pool = FindPool(state.Configuration, assignment);
        if (pool is null)
        {
            return AllSkipped(L2SkipReasons.IPNotAllowed);
        }

        var endpoints = state.EndpointSlicesOf(service.Key).SelectMany(s => s.Endpoints).Where(e => e.CanServe).ToList();

        // 1. No usable endpoint anywhere: nobody announces.
        if (endpoints.Count == 0)
        {
            return AllSkipped(L2SkipReasons.NotOwner);
        }

        // 2. The pool's advertisements that cover this Service.
        var ads = pool.L2Advertisements.Where(a => a.SelectsService(service)).ToList();

        // 3. A Service sharing its IP may not be selected by service selectors: the other Services on the IP might not be.
        if (service.GetMetalLbAnnotation(AllowSharedIpAnnotation) is not null && ads.Any(a => a.ServiceSelectors.Count > 0))
        {
            return AllSkipped(L2SkipReasons.SharedIPWithServiceSelector);
        }

        // 5. Candidates: alive (Ingot: Ready), network available, not excluded, selected by an advertisement, and under
        //    externalTrafficPolicy: Local hosting a usable endpoint.
        var localNodes = service.ExternalTrafficPolicy == TrafficPolicy.Local
            ? endpoints.Where(e => e.NodeName is not null).Select(e => e.NodeName!).ToHashSet(StringComparer.Ordinal)
            : null;
        var candidates = nodes
            .Where(MayAnnounce)
            .Where(n => ads.Any(a => a.SelectsNode(n)))
            .Where(n => localNodes is null || localNodes.Contains(n.Name))
            .ToList();

        // 6. Ingot: only live speakers, and of those the settled ones when there are any (a cold start has none).
        var notAlive = candidates.Where(n => !membership.IsAlive(n.Name)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        candidates.RemoveAll(n => notAlive.Contains(n.Name));

        // 7. Ingot: nodes whose announcing interfaces are all down could not answer; they withdraw at once.
        var linkDown = candidates.Where(n => membership.IsLinkDown(n.Name)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        candidates.RemoveAll(n => linkDown.Contains(n.Name));
        if (candidates.Any(n => membership.IsSettled(n.Name)))
        {
            candidates.RemoveAll(n => !membership.IsSettled(n.Name));
        }

        string? winner = null;
        if (candidates.Count > 0)
        {
            var scores = candidates.ToDictionary(n => n.Name, n => ads.Sum(a => a.PreferenceScore(n)), StringComparer.Ordinal);
            var ranked = SortCandidates(candidates.Select(n => n.Name), GoIPString(assignment.Addresses[0]), scores);
            winner = ranked[0];

            // Next in line after the owner: what this node announces the moment the owner goes.
            if (byOwner is not null && ranked.Count > 1 && string.Equals(ranked[1], takeoverFor, StringComparison.Ordinal)
                && candidates.FirstOrDefault(n => string.Equals(n.Name, takeoverFor, StringComparison.Ordinal)) is { } self)
            {
                if (!byOwner.TryGetValue(winner, out var list))
                {
                    byOwner[winner] = list = [];
                }

                list.Add(new Takeover(service.Key, new Announcement
                {
                    Protocol = Protocol,
                    Node = self.Name,
                    Addresses = assignment.Addresses,
                    Interfaces = InterfacesFor(ads.Where(a => a.SelectsNode(self)).ToList()),
                }));
            }
        }

        var announcements = new List<Announcement>();
        foreach (var node in nodes)
        {
            // 4. This node is selected by no advertisement of the Service.
            var nodeAds = ads.Where(a => a.SelectsNode(node)).ToList();
            if (nodeAds.Count == 0)
            {
                skipped.Add(new AnnouncementSkip(Protocol, node.Name, L2SkipReasons.NoMatchingAdvertisement));
                continue;
            }

            if (!string.Equals(node.Name, winner, StringComparison.Ordinal))
            {
                skipped.Add(new AnnouncementSkip(Protocol, node.Name, Skip(node.Name, notAlive, linkDown)));
                continue;
            }

            announcements.Add(new Announcement
            {
                Protocol = Protocol,
                Node = node.Name,
                Addresses = assignment.Addresses,
                Interfaces = InterfacesFor(nodeAds),
            });
        }

        return new ServiceAnnouncements { Service = service.Key, Announcements = announcements, Skipped = skipped };
    }

    private static string Skip(string node, HashSet<string> notAlive, HashSet<string> linkDown) =>
        notAlive.Contains(node) ? L2SkipReasons.SpeakerNotAlive
        : linkDown.Contains(node) ? L2SkipReasons.LinkDown
        : L2SkipReasons.NotOwner;

    /// <summary>The pool of a Service is the allocator's answer; failing that, the pool containing all its addresses.</summary>
    private static AddressPool? FindPool(MetalLbConfiguration configuration, ServiceAssignment assignment)
    {
        if (assignment.Pool is not null && configuration.Pools.TryGetValue(assignment.Pool, out var named)
            && assignment.Addresses.All(named.Contains))
        {
            return named;
        }

        return configuration.Pools.Values.FirstOrDefault(p => assignment.Addresses.All(p.Contains));
    }

    /// <summary>Any advertisement without interfaces means all interfaces (empty list); otherwise the union, sorted.</summary>
    private static IReadOnlyList<string> InterfacesFor(List<L2Advertisement> ads)
    {
        if (ads.Any(a => a.Interfaces.Count == 0))
        {
            return [];
        }

        return ads.SelectMany(a => a.Interfaces).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Go's <c>net.IP.String()</c>: IPv4 (also IPv4-mapped) in dotted form, IPv6 in RFC 5952 form.</summary>
    private static string GoIPString(IPAddress address)
        => address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
}
