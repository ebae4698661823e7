using System.Collections.Immutable;
using Ingot.Sdk.Configuration.Parsing;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration;

/// <summary>
/// Turns MetalLB resources into a validated <see cref="MetalLbConfiguration"/> with MetalLB's rules (<c>config.For</c>):
/// every field, default and error message. The one validator every source and <c>ingot validate</c> use.
/// </summary>
/// <remarks>
/// Unlike MetalLB, which stops at the first error, every object is checked and every problem reported, so one
/// <c>ingot validate</c> run lists them all. Objects outside <see cref="ConfigurationResources.MetalLbNamespace"/> are
/// reported as warnings and left out, as MetalLB's reconcilers never see them.
/// </remarks>
public static class MetalLbConfigurationParser
{
    /// <summary>Validates and converts the resources.</summary>
    /// <param name="resources">The resources and the Nodes, Namespaces and Secrets they refer to.</param>
    /// <returns>The configuration when valid, and every diagnostic found either way.</returns>
    public static ConfigurationParseResult Parse(ConfigurationResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var context = new ParseContext(resources);

        var pools = PoolParser.Parse(context);
        var l2Advertisements = L2AdvertisementParser.Parse(context, pools);
        var communities = CommunityParser.Parse(context);
        var bfdProfiles = BfdProfileParser.Parse(context);
        var peers = PeerParser.Parse(context, bfdProfiles);
        var bgpAdvertisements = BgpAdvertisementParser.Parse(context, pools, communities);
        CheckBfdEchoOnIPv6(context, pools, peers, bfdProfiles);

        if (context.Diagnostics.HasErrors)
        {
            return new ConfigurationParseResult { Diagnostics = context.Diagnostics.Diagnostics };
        }

        var configuration = new MetalLbConfiguration
        {
            Pools = pools.ToImmutableSortedDictionary(p => p.Name, p => p.ToPool(), StringComparer.Ordinal),
            L2Advertisements = l2Advertisements,
            BgpAdvertisements = [.. bgpAdvertisements.Select(a => a.Advertisement)],
            Peers = peers.ToImmutableSortedDictionary(StringComparer.Ordinal),
            BfdProfiles = bfdProfiles.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Communities = communities.ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
        return new ConfigurationParseResult { Configuration = configuration, Diagnostics = context.Diagnostics.Diagnostics };
    }

    /// <summary>MetalLB <c>validateConfig</c>: BFD echo mode cannot work for a peer that gets IPv6 prefixes.</summary>
    private static void CheckBfdEchoOnIPv6(
        ParseContext context,
        IReadOnlyList<PoolDraft> pools,
        IReadOnlyDictionary<string, BgpPeer> peers,
        IReadOnlyDictionary<string, BfdProfile> bfdProfiles)
    {
        foreach (var pool in pools.Where(p => p.HasV6))
        {
            foreach (var draft in pool.BgpAdvertisements)
            {
                var ad = draft.Advertisement;
                var targets = ad.Peers.Count == 0
                    ? peers.Values.OrderBy(p => p.Name, StringComparer.Ordinal)
                    : ad.Peers.Where(peers.ContainsKey).Select(n => peers[n]);
                var echo = targets.FirstOrDefault(p =>
                    p.BfdProfile is { } name && bfdProfiles.TryGetValue(name, out var profile) && profile.EchoMode);
                if (echo is not null)
                {
                    context.Diagnostics.Error(
                        draft.Resource,
                        $"pool {pool.Name} has bgpadvertisement {ad.Name} which references peer {echo.Name} which has bfd echo enabled, which is not possible");
                }
            }
        }
    }
}
