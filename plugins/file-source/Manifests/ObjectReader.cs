using System.Collections.Immutable;
using System.Globalization;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using YamlDotNet.RepresentationModel;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>
/// Reads typed fields of one object out of YamlDotNet's representation model and reports every field of the wrong shape
/// as an error naming the file, the object and the field (with its line). Mapping by hand, rather than deserialising into
/// the SDK records, is what makes those messages possible: a reflection deserialiser stops at the first mismatch with a
/// message about CLR types.
/// </summary>
internal sealed class ObjectReader
{
    private readonly List<ConfigurationDiagnostic> _diagnostics;

    public ObjectReader(string origin, string kind, string name, List<ConfigurationDiagnostic> diagnostics)
    {
        Origin = origin;
        Kind = kind;
        Name = name;
        _diagnostics = diagnostics;
    }

    public string Origin { get; }

    public string Kind { get; }

    public string Name { get; }

    /// <summary>True once any error was reported for this object.</summary>
    public bool HasErrors { get; private set; }

    public void Error(string field, YamlNode? at, string message)
    {
        HasErrors = true;
        _diagnostics.Add(Diagnostic(DiagnosticSeverity.Error, field, at, message));
    }

    public void Warning(string field, YamlNode? at, string message)
        => _diagnostics.Add(Diagnostic(DiagnosticSeverity.Warning, field, at, message));

    /// <summary>The value under <paramref name="key"/>, or null when absent or YAML null.</summary>
    public static YamlNode? Child(YamlMappingNode? map, string key)
    {
        if (map is null)
        {
            return null;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return IsNull(v) ? null : v;
            }
        }

        return null;
    }

    /// <summary>YAML's null: a plain <c>~</c>, <c>null</c> or nothing at all.</summary>
    public static bool IsNull(YamlNode node)
        => node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } s
           && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public YamlMappingNode? Mapping(YamlMappingNode? map, string key, string field)
    {
        var node = Child(map, key);
        if (node is null or YamlMappingNode)
        {
            return (YamlMappingNode?)node;
        }

        Error(field, node, $"expected a mapping, got {Describe(node)}");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlMappingNode? map, string key, string field)
    {
        var node = Child(map, key);
        if (node is null or YamlSequenceNode)
        {
            return (YamlSequenceNode?)node;
        }

        Error(field, node, $"expected a list, got {Describe(node)}");
        return null;
    }

    /// <summary>The mappings of a list field, each with its field path (<c>field[i]</c>); an item that is not a mapping is
    /// reported (expecting <paramref name="expected"/>) and skipped.</summary>
    public IEnumerable<(YamlMappingNode Item, string Field)> MappingItems(YamlMappingNode? map, string key, string field, string expected)
    {
        var seq = Sequence(map, key, field);
        for (var i = 0; seq is not null && i < seq.Children.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            if (seq.Children[i] is YamlMappingNode item)
            {
                yield return (item, itemField);
            }
            else
            {
                Error(itemField, seq.Children[i], $"expected a mapping with {expected}, got {Describe(seq.Children[i])}");
            }
        }
    }

    public string? String(YamlMappingNode? map, string key, string field)
    {
        var node = Child(map, key);
        return node is null ? null : AsString(node, field);
    }

    public string? AsString(YamlNode node, string field)
    {
        if (node is YamlScalarNode s)
        {
            return s.Value ?? string.Empty;
        }

        Error(field, node, $"expected a string, got {Describe(node)}");
        return null;
    }

    public long? Integer(YamlMappingNode? map, string key, string field)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        // Kubernetes decodes JSON numbers strictly: "64512" in quotes is a string, not an integer.
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } s
            && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(field, node, $"expected an integer, got {Describe(node)}");
        return null;
    }

    public bool? Bool(YamlMappingNode? map, string key, string field)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } s)
        {
            // The YAML 1.1 spellings too: kubectl's YAML decoder accepts them.
            switch (s.Value)
            {
                case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                    return true;
                case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                    return false;
            }
        }

        Error(field, node, $"expected true or false, got {Describe(node)}");
        return null;
    }

    public IReadOnlyList<string> StringList(YamlMappingNode? map, string key, string field)
    {
        var seq = Sequence(map, key, field);
        if (seq is null)
        {
            return [];
        }

        var list = new List<string>(seq.Children.Count);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var item = seq.Children[i];
            if (item is YamlScalarNode s && !IsNull(item))
            {
                list.Add(s.Value ?? string.Empty);
            }
            else
            {
                Error($"{field}[{i}]", item, $"expected a string, got {Describe(item)}");
            }
        }

        return list;
    }

    public IReadOnlyDictionary<string, string> StringMap(YamlMappingNode? map, string key, string field)
    {
        var node = Mapping(map, key, field);
        if (node is null)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in node.Children)
        {
            var name = k is YamlScalarNode ks ? ks.Value ?? string.Empty : null;
            if (name is null)
            {
                Error(field, k, $"expected string keys, got {Describe(k)}");
                continue;
            }

            if (v is YamlScalarNode vs)
            {
                builder[name] = IsNull(v) ? string.Empty : vs.Value ?? string.Empty;
            }
            else
            {
                Error($"{field}.{name}", v, $"expected a string, got {Describe(v)}");
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>A Kubernetes <c>LabelSelector</c> (also the v1beta1 BGPPeer legacy shape, which has the same fields).</summary>
    public LabelSelector? Selector(YamlNode node, string field)
    {
        if (node is not YamlMappingNode map)
        {
            Error(field, node, $"expected a label selector (matchLabels/matchExpressions), got {Describe(node)}");
            return null;
        }

        var labels = StringMap(map, "matchLabels", field + ".matchLabels");
        var expressions = new List<LabelSelectorRequirement>();
        foreach (var (item, itemField) in MappingItems(map, "matchExpressions", field + ".matchExpressions", "key, operator and values"))
        {
            var key = String(item, "key", itemField + ".key");
            var op = String(item, "operator", itemField + ".operator");
            var values = StringList(item, "values", itemField + ".values");
            if (key is null)
            {
                Error(itemField + ".key", item, "required");
            }

            if (op is null)
            {
                Error(itemField + ".operator", item, "required");
            }

            if (key is not null && op is not null)
            {
                expressions.Add(new LabelSelectorRequirement(key, op, values));
            }
        }

        WarnUnknown(map, field, "matchLabels", "matchExpressions");
        return new LabelSelector { MatchLabels = labels, MatchExpressions = expressions };
    }

    public IReadOnlyList<LabelSelector> SelectorList(YamlMappingNode? map, string key, string field)
    {
        var seq = Sequence(map, key, field);
        if (seq is null)
        {
            return [];
        }

        var list = new List<LabelSelector>(seq.Children.Count);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (Selector(seq.Children[i], $"{field}[{i}]") is { } selector)
            {
                list.Add(selector);
            }
        }

        return list;
    }

    /// <summary>Warns about fields Ingot does not know: a typo (<c>adresses</c>) would otherwise pass silently.</summary>
    public void WarnUnknown(YamlMappingNode? map, string field, params ReadOnlySpan<string> known)
    {
        if (map is null)
        {
            return;
        }

        foreach (var (k, _) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? string.Empty;
            var found = false;
            foreach (var candidate in known)
            {
                if (string.Equals(candidate, name, StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                Warning(field.Length == 0 ? name : $"{field}.{name}", k, "unknown field, ignored");
            }
        }
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "null",
        YamlScalarNode s => $"\"{s.Value}\"",
        _ => "an unsupported node",
    };

    private ConfigurationDiagnostic Diagnostic(DiagnosticSeverity severity, string field, YamlNode? at, string message)
    {
        var where = at is null ? string.Empty : $" (line {at.Start.Line})";
        return new ConfigurationDiagnostic
        {
            Severity = severity,
            Kind = Kind,
            Name = Name,
            Origin = Origin,
            Message = field.Length == 0 ? message + where : $"{field}: {message}{where}",
        };
    }
}
