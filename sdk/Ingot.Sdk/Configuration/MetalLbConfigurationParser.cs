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

        if (context.Diagnostics.HasErrors)
        {
            return new ConfigurationParseResult { Diagnostics = context.Diagnostics.Diagnostics };
        }

        var configuration = new MetalLbConfiguration
        {
            Pools = pools.ToImmutableSortedDictionary(p => p.Name, p => p.ToPool(), StringComparer.Ordinal),
            L2Advertisements = l2Advertisements,
        };
        return new ConfigurationParseResult { Configuration = configuration, Diagnostics = context.Diagnostics.Diagnostics };
    }
}
