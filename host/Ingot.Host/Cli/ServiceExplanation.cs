using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Host.Cli;

/// <summary>
/// Explains, for one Service, which pool it got and why, which node announces it by which protocol, and why the other
/// nodes do not. Pure: text from an <see cref="OfflinePass"/>.
/// </summary>
internal static class ServiceExplanation
{
    public static IReadOnlyList<string> Explain(OfflinePass pass, ServiceKey key)
    {
        var service = pass.State.Services.FirstOrDefault(s => s.Key == key)
            ?? throw new CliException(ExitCodes.InvalidInput, $"Service {key} is not in the manifests");
        var lines = new List<string> { $"Service {key}" };
        var assignment = pass.Allocation.Assignments.FirstOrDefault(a => a.Service == key);
        if (assignment is null)
        {
            lines.Add("  not handled: " + WhyNotHandled(service));
            return lines;
        }

        if (assignment.Addresses.Count > 0)
        {
            lines.Add($"  addresses: {string.Join(", ", assignment.Addresses)} from pool \"{assignment.Pool}\"");
            lines.Add("  why: " + WhyThisPool(service, assignment, pass.State.Configuration));
        }

        if (assignment.Error is not null)
        {
            lines.Add("  " + (assignment.Addresses.Count > 0 ? "also: " : "no address: ") + assignment.Error);
        }

        foreach (var plan in pass.Plans)
        {
            var entry = plan.Services.FirstOrDefault(s => s.Service == key);
            lines.Add($"  {plan.Protocol}:");
            if (entry is null || (entry.Announcements.Count == 0 && entry.Skipped.Count == 0))
            {
                lines.Add(assignment.Addresses.Count == 0 ? "    nothing to announce (no address)" : "    not announced by any node");
                continue;
            }

            foreach (var a in entry.Announcements)
            {
                var where = a.Peer is not null
                    ? $"to peer {a.Peer} as {a.Prefix}" + (a.LocalPref is > 0 ? $" local-pref {a.LocalPref}" : string.Empty)
                      + (a.Communities.Count > 0 ? $" communities {string.Join(" ", a.Communities)}" : string.Empty)
                    : a.Interfaces.Count > 0 ? "on " + string.Join(", ", a.Interfaces) : "on every eligible interface";
                lines.Add($"    {a.Node} announces {string.Join(", ", a.Addresses.Count > 0 ? a.Addresses : assignment.Addresses)} {where}");
            }

            foreach (var skip in entry.Skipped.OrderBy(s => s.Node, StringComparer.Ordinal))
            {
                lines.Add($"    {skip.Node} does not: {skip.Reason} ({Describe(skip.Reason)})");
            }
        }

        return lines;
    }

    private static string WhyNotHandled(ServiceInfo service)
        => !service.IsLoadBalancer
            ? $"spec.type is {service.Type}, not LoadBalancer"
            : $"spec.loadBalancerClass is \"{service.LoadBalancerClass}\", which this instance does not handle (--lb-class)";

    private static string WhyThisPool(ServiceInfo service, ServiceAssignment assignment, MetalLbConfiguration config)
    {
        if (service.StatusAddresses.Count > 0 && service.StatusAddresses.All(assignment.Addresses.Contains))
        {
            return "it already held these addresses and they are still valid, so they are kept (a restart or reload never moves them)";
        }

        if (service.GetMetalLbAnnotation("loadBalancerIPs") is { Length: > 0 } ips)
        {
            return $"requested by annotation metallb.io/loadBalancerIPs: {ips}";
        }

        if (service.LoadBalancerIP is { Length: > 0 } ip)
        {
            return $"requested by spec.loadBalancerIP: {ip}";
        }

        if (service.GetMetalLbAnnotation("address-pool") is { Length: > 0 } pool)
        {
            return $"requested by annotation metallb.io/address-pool: {pool} (lowest free address)";
        }

        if (assignment.Pool is { } name && config.Pools.TryGetValue(name, out var chosen) && chosen.Allocation is { } policy)
        {
            var reasons = new List<string>();
            if (policy.Namespaces.Contains(service.Namespace))
            {
                reasons.Add($"namespace {service.Namespace}");
            }

            var selector = policy.ServiceSelectors.FirstOrDefault(s => s.Matches(service.Labels));
            if (selector is not null)
            {
                reasons.Add(selector.IsEmpty ? "every Service" : $"Service labels ({selector})");
            }

            var priority = policy.Priority > 0 ? $"priority {policy.Priority}" : "no priority";
            return $"pool \"{name}\" is pinned to {string.Join(" and ", reasons)} ({priority}); pinned pools come before shared ones (lowest free address)";
        }

        return "first auto-assign pool, by name, with a free address of the Service's family (lowest free address)";
    }

    private static string Describe(string reason) => reason switch
    {
        "speakerNotAlive" => "its speaker is not alive in the membership (crashed, stopped, left or never heard; docs/failover.md)",
        "notOwner" => "not the elected node: another node won, or the Service has no ready endpoint an eligible node can serve",
        "noMatchingAdvertisement" => "no advertisement of the pool selects this node and Service",
        "sharedIPWithServiceSelector" => "Services sharing an address cannot use advertisements with serviceSelectors",
        "noLocalEndpoints" => "externalTrafficPolicy: Local and no ready endpoint on this node",
        "noEndpoints" => "no ready endpoint anywhere",
        "nodeNetworkUnavailable" => "the node reports NetworkUnavailable",
        "nodeLabeledExcludeBalancers" => "the node is labelled node.kubernetes.io/exclude-from-external-load-balancers",
        "conflictingAdvertisements" => "advertisements disagree on localPref for this Service",
        "ipNotAllowed" => "the addresses are in no configured pool",
        _ => "see the announcer's documentation",
    };

    /// <summary>Parses <c>namespace/name</c> or <c>name</c> (namespace <c>default</c>).</summary>
    public static ServiceKey ParseKey(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ServiceKey("default", text) : new ServiceKey(text[..slash], text[(slash + 1)..]);
    }
}
