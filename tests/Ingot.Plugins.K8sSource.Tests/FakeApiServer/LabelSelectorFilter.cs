using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>Equality-based label selectors (<c>a=b,c!=d,e,!f</c>) and <c>metadata.name</c>/<c>metadata.namespace</c> field
/// selectors, the subset Ingot sends.</summary>
public static class LabelSelectorFilter
{
    /// <summary>True when the object matches both selectors (null or empty matches everything).</summary>
    public static bool Matches(JsonObject obj, string? labelSelector, string? fieldSelector)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var term in Terms(labelSelector))
        {
            if (!MatchesTerm(term, key => labels?[key] is { } v ? (string?)v : null, key => labels?.ContainsKey(key) == true))
            {
                return false;
            }
        }

        foreach (var term in Terms(fieldSelector))
        {
            if (!MatchesTerm(term, key => Field(obj, key), key => Field(obj, key) is not null))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Field(JsonObject obj, string key)
    {
        JsonNode? node = obj;
        foreach (var part in key.Split('.'))
        {
            node = node?[part];
        }

        return node is JsonValue value ? value.ToString() : null;
    }

    private static IEnumerable<string> Terms(string? selector)
        => string.IsNullOrWhiteSpace(selector) ? [] : selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool MatchesTerm(string term, Func<string, string?> value, Func<string, bool> exists)
    {
        var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
        if (notEqual > 0)
        {
            return value(term[..notEqual]) != term[(notEqual + 2)..];
        }

        var equal = term.IndexOf('=', StringComparison.Ordinal);
        if (equal > 0)
        {
            var expected = term[(equal + 1)..].TrimStart('=');
            return value(term[..equal]) == expected;
        }

        return term.StartsWith('!') ? !exists(term[1..]) : exists(term);
    }
}
