using System.Net;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>A pool that parsed, while advertisements are attached to it.</summary>
internal sealed class PoolDraft(IPAddressPoolResource resource)
{
    public IPAddressPoolResource Resource { get; } = resource;

    public string Name => Resource.Name;

    public List<IPNetwork> Cidrs { get; } = [];

    /// <summary>Per <c>spec.addresses</c> entry: its text and the CIDRs it produced.</summary>
    public List<(string Entry, List<IPNetwork> Cidrs)> Entries { get; } = [];

    public ServiceAllocationPolicy? Allocation { get; set; }

    public List<L2Advertisement> L2Advertisements { get; } = [];

    public List<BgpAdvertisementDraft> BgpAdvertisements { get; } = [];

    public bool HasV4 => Entries.Any(e => e.Cidrs.Count > 0 && IPText.IsV4(e.Cidrs[0]));

    public bool HasV6 => Entries.Any(e => e.Cidrs.Count > 0 && !IPText.IsV4(e.Cidrs[0]));

    public AddressPool ToPool() => new()
    {
        Name = Name,
        Labels = Resource.Labels,
        Cidrs = [.. Cidrs],
        CidrsPerAddressEntry = [.. Entries.Select(e => (IReadOnlyList<IPNetwork>)[.. e.Cidrs])],
        AutoAssign = Resource.AutoAssign ?? true,
        AvoidBuggyIPs = Resource.AvoidBuggyIPs,
        Allocation = Allocation,
        L2Advertisements = [.. L2Advertisements.OrderBy(a => a.Name, StringComparer.Ordinal)],
        BgpAdvertisements = [.. BgpAdvertisements.Select(a => a.Advertisement).OrderBy(a => a.Name, StringComparer.Ordinal)],
    };
}
