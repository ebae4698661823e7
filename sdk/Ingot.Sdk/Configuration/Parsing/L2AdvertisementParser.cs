using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>L2Advertisements (MetalLB <c>l2AdvertisementFromCR</c> / <c>setL2AdvertisementsToPools</c>).</summary>
internal static class L2AdvertisementParser
{
    private const int MinWeight = 1;
    private const int MaxWeight = 100;

    /// <summary>Parses the advertisements, attaches each to its pools, and returns them in name order.</summary>
    public static List<L2Advertisement> Parse(ParseContext context, IReadOnlyList<PoolDraft> pools)
    {
        var ads = context.FirstOfEachName(
            context.InScope(context.Resources.L2Advertisements), r => $"duplicate definition of L2Advertisement \"{r.Name}\"");
        var result = new List<L2Advertisement>();
        foreach (var resource in ads)
        {
            var ad = ParseOne(context, resource);
            if (ad is null)
            {
                continue;
            }

            context.WarnUnknownNames(resource, resource.IPAddressPools, context.PoolNames, "ipAddressPools", "IPAddressPool", "the name is ignored");
            var selected = PoolSelection.Resolve(resource.IPAddressPools, resource.IPAddressPoolSelectors, pools);
            ad = ad with { Pools = [.. selected.Select(p => p.Name).Order(StringComparer.Ordinal)] };
            foreach (var pool in selected)
            {
                pool.L2Advertisements.Add(ad);
            }

            result.Add(ad);
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    private static L2Advertisement? ParseOne(ParseContext context, L2AdvertisementResource resource)
    {
        var problem = ParseContext.Duplicate(resource.IPAddressPools, "ipAddressPools")
            ?? SelectorValidator.Validate(resource.IPAddressPoolSelectors, "ipAddressPoolSelectors", "spec.ipAddressPoolSelectors")
            ?? SelectorValidator.Validate(resource.NodeSelectors, "nodeSelectors", "spec.nodeSelectors")
            ?? SelectorValidator.Validate(resource.ServiceSelectors, "serviceSelectors", "spec.serviceSelectors");
        var preferred = new List<PreferredNodeSelector>();
        for (var i = 0; problem is null && i < resource.PreferredNodeSelectors.Count; i++)
        {
            var spec = resource.PreferredNodeSelectors[i];
            if (spec.Weight is < MinWeight or > MaxWeight)
            {
                problem = $"spec.preferredNodeSelectors[{i}].weight: {spec.Weight} is out of range {MinWeight}..{MaxWeight}";
            }
            else if (SelectorValidator.Check(spec.Preference) is { } selectorProblem)
            {
                problem = $"spec.preferredNodeSelectors[{i}].preference: {selectorProblem}";
            }
            else
            {
                preferred.Add(new PreferredNodeSelector((int)spec.Weight, spec.Preference));
            }
        }

        if (problem is not null)
        {
            context.Diagnostics.Error(resource, problem);
            return null;
        }

        return new L2Advertisement
        {
            Name = resource.Name,
            NodeSelectors = [.. resource.NodeSelectors],
            Interfaces = [.. resource.Interfaces],
            ServiceSelectors = SortedSelectors(resource.ServiceSelectors),
            PreferredNodeSelectors = preferred,
        };
    }

    /// <summary>Service selectors sorted by their string form, as MetalLB's <c>parseSelectors</c> keeps them.</summary>
    public static IReadOnlyList<LabelSelector> SortedSelectors(IReadOnlyList<LabelSelector> selectors)
        => [.. selectors.OrderBy(s => s.ToString(), StringComparer.Ordinal)];
}
