using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>Which pools an advertisement applies to: named or selected by labels; all pools when it does neither.</summary>
internal static class PoolSelection
{
    /// <summary>The selected pools in pool order. Names of pools that do not exist are ignored, as MetalLB does.</summary>
    public static List<PoolDraft> Resolve(
        IReadOnlyList<string> names, IReadOnlyList<LabelSelector> selectors, IReadOnlyList<PoolDraft> pools)
    {
        if (names.Count == 0 && selectors.Count == 0)
        {
            return [.. pools];
        }

        var named = new HashSet<string>(names, StringComparer.Ordinal);
        return [.. pools.Where(p => named.Contains(p.Name) || selectors.Any(s => s.Matches(p.Resource.Labels)))];
    }
}
