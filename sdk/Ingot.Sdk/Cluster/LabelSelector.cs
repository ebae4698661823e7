using System.Collections.Immutable;
using System.Text;

namespace Ingot.Sdk.Cluster;

/// <summary>
/// A Kubernetes label selector (<c>matchLabels</c> AND every <c>matchExpressions</c> entry). An empty selector matches
/// everything. Validation of operators and values happens in the configuration parser; <see cref="Matches"/> assumes a
/// selector that passed it.
/// </summary>
public sealed record LabelSelector
{
    /// <summary>A selector that matches every object.</summary>
    public static LabelSelector Everything { get; } = new();

    /// <summary><c>matchLabels</c>.</summary>
    public IReadOnlyDictionary<string, string> MatchLabels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary><c>matchExpressions</c>.</summary>
    public IReadOnlyList<LabelSelectorRequirement> MatchExpressions { get; init; } = [];

    /// <summary>True when the selector has no terms and so matches everything.</summary>
    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    /// <summary>Tests a label set against the selector.</summary>
    /// <param name="labels">The object's labels.</param>
    /// <returns>True when every term holds.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, value) in MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in MatchExpressions)
        {
            var present = labels.TryGetValue(requirement.Key, out var actual);
            var holds = requirement.Operator switch
            {
                "In" => present && requirement.Values.Contains(actual!),
                "NotIn" => !present || !requirement.Values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The selector in Kubernetes' string form (<c>a=b,c in (d,e)</c>), sorted, for messages and comparisons.</summary>
    public override string ToString()
    {
        var terms = new List<string>();
        foreach (var (key, value) in MatchLabels)
        {
            terms.Add($"{key}={value}");
        }

        foreach (var r in MatchExpressions)
        {
            var values = string.Join(",", r.Values.Order(StringComparer.Ordinal));
            terms.Add(r.Operator switch
            {
                "In" => $"{r.Key} in ({values})",
                "NotIn" => $"{r.Key} notin ({values})",
                "Exists" => r.Key,
                "DoesNotExist" => "!" + r.Key,
                _ => $"{r.Key} {r.Operator} ({values})",
            });
        }

        terms.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder();
        return sb.AppendJoin(',', terms).ToString();
    }
}
