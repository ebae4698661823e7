using System.Text.RegularExpressions;

namespace Ingot.Plugins.L2.Interfaces;

/// <summary>
/// Which interfaces an address is announced on. An advertisement that names interfaces gets exactly those (when present
/// and up); otherwise every interface that is up, resolves addresses (no IFF_NOARP), is not enslaved to a bond or bridge,
/// and does not match the exclusion pattern (MetalLB's <c>announcedInterfacesToExclude</c> default list).
/// </summary>
internal sealed class InterfaceSelector
{
    /// <summary>MetalLB's default exclusion list (<c>excludel2.yaml</c>), joined as MetalLB joins it: <c>(r1)|(r2)…</c>.</summary>
    public const string DefaultExcludePattern =
        "(^docker.*)|(^cbr.*)|(^dummy.*)|(^virbr.*)|(^lxcbr.*)|(^veth.*)|(^lo$)|(^cali.*)|(^tunl.*)|(^flannel.*)|(^kube-ipvs.*)|(^cni.*)|(^nodelocaldns.*)|(^lxc.*)";

    private readonly Regex _exclude;

    public InterfaceSelector(string? excludePattern = null)
    {
        _exclude = new Regex(excludePattern ?? DefaultExcludePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>True when the link serves addresses whose advertisements name no interface.</summary>
    public bool IsEligibleByDefault(LinkInfo link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return link.IsUp && IsDefaultCandidate(link);
    }

    /// <summary>True when the link would serve such addresses while up: what it is, whatever its state now.</summary>
    public bool IsDefaultCandidate(LinkInfo link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return !link.NoArp && !link.HasMaster && !_exclude.IsMatch(link.Name);
    }

    /// <summary>The links an address with the given advertisement interface list is announced on.</summary>
    public IEnumerable<LinkInfo> Select(IReadOnlyList<LinkInfo> links, IReadOnlyList<string> wanted)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(wanted);
        return wanted.Count == 0
            ? links.Where(IsEligibleByDefault)
            : links.Where(l => l.IsUp && !l.NoArp && wanted.Contains(l.Name, StringComparer.Ordinal));
    }
}
