using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>The inputs and the diagnostics of one <see cref="MetalLbConfigurationParser.Parse"/> call.</summary>
internal sealed class ParseContext(ConfigurationResources resources)
{
    public ConfigurationResources Resources { get; } = resources;

    public DiagnosticCollector Diagnostics { get; } = new();

    public string MetalLbNamespace => Resources.MetalLbNamespace;

    /// <summary>Names of the IPAddressPools in the MetalLB namespace, valid or not (for unknown-name warnings).</summary>
    public IReadOnlySet<string> PoolNames => field ??= NamesInScope(Resources.Pools);

    /// <summary>Names of the BGPPeers in the MetalLB namespace, valid or not (for unknown-name warnings).</summary>
    public IReadOnlySet<string> PeerNames => field ??= NamesInScope(Resources.Peers);

    /// <summary>
    /// The resources MetalLB would see: those in its namespace (a manifest without a namespace counts as in it). The others
    /// are reported with the webhook's message and left out, as MetalLB's reconcilers only list their own namespace.
    /// </summary>
    public List<T> InScope<T>(IReadOnlyList<T> items)
        where T : MetalLbResource
    {
        var result = new List<T>(items.Count);
        foreach (var item in items)
        {
            if (IsInScope(item))
            {
                result.Add(item);
            }
            else
            {
                Diagnostics.Warning(item, $"resource must be created in {MetalLbNamespace} namespace; it is ignored");
            }
        }

        return result;
    }

    /// <summary>
    /// Warns about names in <paramref name="names"/> that no object of the kind has. MetalLB ignores them silently; an
    /// advertisement whose every name is unknown then applies to nothing, which users rarely mean.
    /// </summary>
    public void WarnUnknownNames(MetalLbResource resource, IReadOnlyList<string> names, IReadOnlySet<string> known, string field, string kind, string effect)
    {
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!known.Contains(name))
            {
                Diagnostics.Warning(resource, $"spec.{field}: no {kind} named \"{name}\"; {effect}");
            }
        }
    }

    /// <summary>Reports every name that occurs more than once and returns the first object of each name.</summary>
    public List<T> FirstOfEachName<T>(List<T> items, Func<T, string> duplicateMessage)
        where T : MetalLbResource
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<T>(items.Count);
        foreach (var item in items)
        {
            if (seen.Add(item.Name))
            {
                result.Add(item);
            }
            else
            {
                Diagnostics.Error(item, duplicateMessage(item));
            }
        }

        return result;
    }

    /// <summary>Names of the Nodes matching any selector; every Node when there are none (MetalLB <c>selectedNodes</c>).</summary>
    public HashSet<string> SelectedNodes(IReadOnlyList<LabelSelector> selectors)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Resources.Nodes)
        {
            if (selectors.Count == 0 || selectors.Any(s => s.Matches(node.Labels)))
            {
                result.Add(node.Name);
            }
        }

        return result;
    }

    /// <summary>First problem of a string list that must hold no duplicates (MetalLB <c>validateDuplicate</c>).</summary>
    public static string? Duplicate(IReadOnlyList<string> values, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (!seen.Add(v))
            {
                return $"duplicate definition of {field} \"{v}\"";
            }
        }

        return null;
    }

    private bool IsInScope(MetalLbResource item)
        => item.Namespace is null || string.Equals(item.Namespace, MetalLbNamespace, StringComparison.Ordinal);

    private HashSet<string> NamesInScope<T>(IReadOnlyList<T> items)
        where T : MetalLbResource
        => [.. items.Where(IsInScope).Select(i => i.Name)];
}
