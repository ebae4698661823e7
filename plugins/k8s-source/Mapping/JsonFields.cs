using System.Collections.Immutable;
using System.Text.Json;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.K8sSource.Mapping;

/// <summary>Reads typed fields out of an unstructured object and records a diagnostic for each field of the wrong type.</summary>
internal sealed class JsonFields(string kind, string name)
{
    private readonly List<ConfigurationDiagnostic> _errors = [];

    public IReadOnlyList<ConfigurationDiagnostic> Errors => _errors;

    public static JsonElement? Child(JsonElement obj, string field)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? String(JsonElement obj, string field, string path)
    {
        if (Child(obj, field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Fail(path, "a string", value);
        return null;
    }

    public long? Long(JsonElement obj, string field, string path)
    {
        if (Child(obj, field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        Fail(path, "an integer", value);
        return null;
    }

    public bool? Bool(JsonElement obj, string field, string path)
    {
        if (Child(obj, field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Fail(path, "a boolean", value);
        return null;
    }

    public IReadOnlyList<string> Strings(JsonElement obj, string field, string path)
    {
        if (Child(obj, field) is not { } value)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(path, "a list of strings", value);
            return [];
        }

        var result = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                result.Add(item.GetString()!);
            }
            else
            {
                Fail($"{path}[{i}]", "a string", item);
            }

            i++;
        }

        return result;
    }

    public IReadOnlyList<JsonElement> Objects(JsonElement obj, string field, string path)
    {
        if (Child(obj, field) is not { } value)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(path, "a list", value);
            return [];
        }

        return [.. value.EnumerateArray()];
    }

    public IReadOnlyList<LabelSelector> Selectors(JsonElement obj, string field, string path)
        => [.. Objects(obj, field, path).Select((s, i) => Selector(s, $"{path}[{i}]"))];

    public LabelSelector Selector(JsonElement selector, string path)
    {
        if (selector.ValueKind != JsonValueKind.Object)
        {
            Fail(path, "a label selector", selector);
            return LabelSelector.Everything;
        }

        var labels = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (Child(selector, "matchLabels") is { } matchLabels)
        {
            if (matchLabels.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in matchLabels.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        labels[property.Name] = property.Value.GetString()!;
                    }
                    else
                    {
                        Fail($"{path}.matchLabels.{property.Name}", "a string", property.Value);
                    }
                }
            }
            else
            {
                Fail(path + ".matchLabels", "a map of strings", matchLabels);
            }
        }

        var expressions = Objects(selector, "matchExpressions", path + ".matchExpressions")
            .Select((e, i) => new LabelSelectorRequirement(
                String(e, "key", $"{path}.matchExpressions[{i}].key") ?? string.Empty,
                String(e, "operator", $"{path}.matchExpressions[{i}].operator") ?? string.Empty,
                Strings(e, "values", $"{path}.matchExpressions[{i}].values")))
            .ToList();
        return new LabelSelector { MatchLabels = labels.ToImmutable(), MatchExpressions = expressions };
    }

    public IReadOnlyDictionary<string, string> StringMap(JsonElement obj, string field)
    {
        if (Child(obj, field) is not { ValueKind: JsonValueKind.Object } value)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        return value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
            .ToImmutableDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    private void Fail(string path, string expected, JsonElement actual)
        => _errors.Add(new ConfigurationDiagnostic
        {
            Kind = kind,
            Name = name,
            Message = $"{path}: expected {expected}, got {actual.ValueKind.ToString().ToLowerInvariant()} {Truncate(actual.GetRawText())}",
        });

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
