using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>The inputs and the diagnostics of one <see cref="MetalLbConfigurationParser.Parse"/> call.</summary>
internal sealed class ParseContext(ConfigurationResources resources)
{
    public ConfigurationResources Resources { get; } = resources;

    public DiagnosticCollector Diagnostics { get; } = new();

    public string MetalLbNamespace => Resources.MetalLbNamespace;

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
            if (item.Namespace is null || string.Equals(item.Namespace, MetalLbNamespace, StringComparison.Ordinal))
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
}
