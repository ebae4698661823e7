using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>
/// BGPAdvertisements (MetalLB <c>bgpAdvertisementFromCR</c>, <c>setBGPAdvertisementsToPools</c>,
/// <c>validateBGPAdvPerPool</c>): field checks, community resolution, pool selection, aggregation lengths against each
/// pool, and the LOCAL_PREF conflict rule between advertisements of one pool.
/// </summary>
internal static class BgpAdvertisementParser
{
    private const int MaxV4Length = 32;
    private const int MaxV6Length = 128;

    /// <summary>At most 63 four-byte communities fit the one-byte length of a COMMUNITIES attribute (RFC 1997).</summary>
    private const int MaxCommunities = 63;

    public static List<BgpAdvertisementDraft> Parse(
        ParseContext context, IReadOnlyList<PoolDraft> pools, IReadOnlyDictionary<string, BgpCommunity> aliases)
    {
        var resources = DistinctNames(context, context.InScope(context.Resources.BgpAdvertisements));
        var result = new List<BgpAdvertisementDraft>();
        foreach (var resource in resources)
        {
            var ad = ParseOne(context, resource, aliases);
            if (ad is null)
            {
                continue;
            }

            context.WarnUnknownNames(resource, resource.IPAddressPools, context.PoolNames, "ipAddressPools", "IPAddressPool", "the name is ignored");
            context.WarnUnknownNames(
                resource, resource.Peers, context.PeerNames, "peers", "BGPPeer", "no session gets this advertisement through that name");
            var selected = PoolSelection.Resolve(resource.IPAddressPools, resource.IPAddressPoolSelectors, pools);
            ad = ad with { Pools = [.. selected.Select(p => p.Name).Order(StringComparer.Ordinal)] };
            var draft = new BgpAdvertisementDraft(resource, ad, context.SelectedNodes(resource.NodeSelectors));
            var problem = selected.Select(p => CheckAgainstPool(draft, p)).FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                context.Diagnostics.Error(resource, problem);
                continue;
            }

            foreach (var pool in selected)
            {
                pool.BgpAdvertisements.Add(draft);
            }

            result.Add(draft);
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Advertisement.Name, b.Advertisement.Name));
        return result;
    }

    /// <summary>
    /// Same-named objects: MetalLB's "deep-equal" message when the specs are the same too, else a duplicate name error.
    /// </summary>
    private static List<BgpAdvertisementResource> DistinctNames(ParseContext context, List<BgpAdvertisementResource> ads)
    {
        var result = new List<BgpAdvertisementResource>();
        for (var j = 0; j < ads.Count; j++)
        {
            var i = ads.FindIndex(0, j, a => string.Equals(a.Name, ads[j].Name, StringComparison.Ordinal));
            if (i < 0)
            {
                result.Add(ads[j]);
            }
            else if (SameSpec(ads[i], ads[j]))
            {
                context.Diagnostics.Error(ads[j], $"duplicate definition of bgpadvertisements. advertisement {i + 1} and {j + 1} are equal");
            }
            else
            {
                context.Diagnostics.Error(ads[j], $"duplicate definition of BGPAdvertisement \"{ads[j].Name}\"");
            }
        }

        return result;
    }

    private static bool SameSpec(BgpAdvertisementResource a, BgpAdvertisementResource b)
        => a.AggregationLength == b.AggregationLength
           && a.AggregationLengthV6 == b.AggregationLengthV6
           && a.LocalPref == b.LocalPref
           && a.Communities.SequenceEqual(b.Communities)
           && a.IPAddressPools.SequenceEqual(b.IPAddressPools)
           && a.Peers.SequenceEqual(b.Peers)
           && a.IPAddressPoolSelectors.Select(SelectorValidator.SelectorKey).SequenceEqual(b.IPAddressPoolSelectors.Select(SelectorValidator.SelectorKey))
           && a.NodeSelectors.Select(SelectorValidator.SelectorKey).SequenceEqual(b.NodeSelectors.Select(SelectorValidator.SelectorKey))
           && a.ServiceSelectors.Select(SelectorValidator.SelectorKey).SequenceEqual(b.ServiceSelectors.Select(SelectorValidator.SelectorKey));

    private static BgpAdvertisement? ParseOne(
        ParseContext context, BgpAdvertisementResource resource, IReadOnlyDictionary<string, BgpCommunity> aliases)
    {
        var diagnostics = context.Diagnostics;
        var problem = ParseContext.Duplicate(resource.IPAddressPools, "ipAddressPools")
            ?? ParseContext.Duplicate(resource.Communities, "community")
            ?? ParseContext.Duplicate(resource.Peers, "peers")
            ?? SelectorValidator.Validate(resource.IPAddressPoolSelectors, "ipAddressPoolSelectors", "spec.ipAddressPoolSelectors")
            ?? SelectorValidator.Validate(resource.NodeSelectors, "nodeSelectors", "spec.nodeSelectors")
            ?? SelectorValidator.Validate(resource.ServiceSelectors, "serviceSelectors", "spec.serviceSelectors");

        // CRD CEL, re-checked by MetalLB's parser: per-service selection and aggregation do not mix.
        if (problem is null && resource.ServiceSelectors.Count > 0)
        {
            if (resource.AggregationLength is { } v4 && v4 != MaxV4Length)
            {
                problem = $"serviceSelectors and aggregationLength are mutually exclusive, both cannot be set in {resource.Name}";
            }
            else if (resource.AggregationLengthV6 is { } v6 && v6 != MaxV6Length)
            {
                problem = $"serviceSelectors and aggregationLengthV6 are mutually exclusive, both cannot be set in {resource.Name}";
            }
        }

        var length = resource.AggregationLength ?? MaxV4Length;
        var lengthV6 = resource.AggregationLengthV6 ?? MaxV6Length;
        problem ??= length > MaxV4Length ? $"invalid aggregation length {length} for IPv4"
            : length < 1 ? $"spec.aggregationLength: {length} is below the minimum 1"
            : lengthV6 > MaxV6Length ? $"invalid aggregation length {lengthV6} for IPv6"
            : lengthV6 < 0 ? $"spec.aggregationLengthV6: {lengthV6} is below the minimum 0"
            : resource.LocalPref is < 0 or > uint.MaxValue ? $"spec.localPref: {resource.LocalPref} is out of range 0..{uint.MaxValue}"
            : null;
        if (problem is not null)
        {
            diagnostics.Error(resource, problem);
            return null;
        }

        var communities = new SortedSet<BgpCommunity>();
        foreach (var text in resource.Communities)
        {
            if (aliases.TryGetValue(text, out var aliased))
            {
                communities.Add(aliased);
                continue;
            }

            var error = CommunityText.TryParse(text, out var community, out var message);
            if (error != CommunityTextError.None)
            {
                // A wrong field count may name an alias whose Community object is not there yet: transient.
                diagnostics.Error(
                    resource, $"invalid community \"{text}\" in BGP advertisement: {message}", transient: error == CommunityTextError.Format);
                return null;
            }

            communities.Add(community);
        }

        if (communities.Count > MaxCommunities)
        {
            diagnostics.Error(resource, $"spec.communities: {communities.Count} communities, more than the {MaxCommunities} that can be announced");
            return null;
        }

        return new BgpAdvertisement
        {
            Name = resource.Name,
            AggregationLength = (int)length,
            AggregationLengthV6 = (int)lengthV6,
            LocalPref = (uint)resource.LocalPref,
            Communities = [.. communities],
            NodeSelectors = [.. resource.NodeSelectors],
            Peers = [.. resource.Peers],
            ServiceSelectors = L2AdvertisementParser.SortedSelectors(resource.ServiceSelectors),
        };
    }

    /// <summary>MetalLB <c>validateBGPAdvPerPool</c>: aggregation lengths, then the LOCAL_PREF conflict rule.</summary>
    private static string? CheckAgainstPool(BgpAdvertisementDraft draft, PoolDraft pool)
    {
        var ad = draft.Advertisement;
        foreach (var (entry, cidrs) in pool.Entries)
        {
            if (cidrs.Count == 0)
            {
                continue;
            }

            // A range may have been summarised into several CIDRs; the shortest prefix among them must still fit.
            var length = IPText.IsV4(cidrs[0]) ? ad.AggregationLength : ad.AggregationLengthV6;
            var lowest = cidrs.Min(c => c.PrefixLength);
            if (length < lowest)
            {
                return $"invalid aggregation length {length}: prefix {lowest} in this pool is more specific than the "
                    + $"aggregation length for addresses {entry}";
            }
        }

        // Advertisements with service selectors are checked per Service by the announcer instead.
        if (ad.ServiceSelectors.Count > 0)
        {
            return null;
        }

        foreach (var existing in pool.BgpAdvertisements)
        {
            if (existing.Advertisement.ServiceSelectors.Count > 0 || HaveCompatibleLocalPref(draft, existing, pool))
            {
                continue;
            }

            return $"invalid local preference {ad.LocalPref}: local preference {existing.Advertisement.LocalPref} was already "
                + "set for the same type of BGP update. Check existing BGP advertisements with common pools and aggregation "
                + $"lengths (BGPAdvertisement \"{existing.Advertisement.Name}\" on pool \"{pool.Name}\")";
        }

        return null;
    }

    /// <summary>MetalLB <c>BGPAdvertisementsHaveCompatibleLocalPref</c>.</summary>
    private static bool HaveCompatibleLocalPref(BgpAdvertisementDraft a, BgpAdvertisementDraft b, PoolDraft pool)
    {
        var x = a.Advertisement;
        var y = b.Advertisement;
        if (x.LocalPref == y.LocalPref)
        {
            return true;
        }

        // (a) Different aggregation lengths make different prefixes, so different UPDATEs.
        var hasV4 = pool.HasV4;
        var hasV6 = pool.HasV6;
        if (!hasV4 && !hasV6)
        {
            return true;
        }

        var v4Differs = x.AggregationLength != y.AggregationLength;
        var v6Differs = x.AggregationLengthV6 != y.AggregationLengthV6;
        if ((v4Differs && !hasV6) || (v6Differs && !hasV4) || (v4Differs && v6Differs))
        {
            return true;
        }

        // (b) Both name peers, and no peer in common.
        if (x.Peers.Count != 0 && y.Peers.Count != 0 && !x.Peers.Any(y.Peers.Contains))
        {
            return true;
        }

        // (c) Disjoint node sets (resolved against the known Nodes).
        return !a.Nodes.Overlaps(b.Nodes);
    }
}
