namespace Ingot.Plugins.L2.Interfaces;

/// <summary>
/// Whether this node can announce at all: pure. The announcing interfaces are those the node's advertisements could use
/// (every default candidate when an advertisement names none, plus the interfaces they name) that exist. The node is
/// link-down when there are some and none can carry frames, judged by the kernel's latest netlink word where there is
/// one (it sees carrier loss, which sysfs flags of the last scan may not yet show) and by the scan otherwise.
/// </summary>
internal static class LinkEligibility
{
    /// <summary>The interfaces this node would announce on whatever their state now.</summary>
    public static IReadOnlyList<string> AnnouncingInterfaces(IReadOnlyList<LinkInfo> links, InterfaceSelector selector, bool anyAllInterfaces, IReadOnlyCollection<string> named)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(named);
        return links
            .Where(l => (anyAllInterfaces && selector.IsDefaultCandidate(l)) || (!l.NoArp && named.Contains(l.Name)))
            .Select(l => l.Name)
            .ToList();
    }

    /// <summary>True when <paramref name="announcing"/> is not empty and none of it is operational.</summary>
    public static bool IsLinkDown(IReadOnlyList<string> announcing, IReadOnlyList<LinkInfo> links, Func<string, LinkEvent?> kernel)
    {
        ArgumentNullException.ThrowIfNull(announcing);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(kernel);
        if (announcing.Count == 0)
        {
            // Nothing to announce on is a configuration matter (logged as announceFailed), not a fault to fail over on.
            return false;
        }

        foreach (var name in announcing)
        {
            var up = kernel(name) is { } reported ? reported.IsOperational : links.Any(l => l.Name == name && l.IsUp);
            if (up)
            {
                return false;
            }
        }

        return true;
    }
}
