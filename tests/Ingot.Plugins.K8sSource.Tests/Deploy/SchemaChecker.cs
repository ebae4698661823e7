using System.Globalization;
using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.Deploy;

/// <summary>
/// Checks an object against a CRD's structural schema the way the API server would refuse or prune it: type, enum,
/// minimum/maximum, required, and fields the schema does not know (which the API server silently drops).
/// Scalars come from YAML as text and are checked for the type they must parse as.
/// </summary>
internal static class SchemaChecker
{
    public static IReadOnlyList<string> Check(JsonNode? value, JsonObject schema, string path = "")
    {
        var errors = new List<string>();
        Walk(value, schema, path, errors);
        return errors;
    }

    private static void Walk(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (value is null)
        {
            return;
        }

        var type = (string?)schema["type"];
        switch (type)
        {
            case "object":
                if (value is not JsonObject obj)
                {
                    errors.Add($"{path}: expected object");
                    return;
                }

                foreach (var required in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
                {
                    if (!obj.ContainsKey(required))
                    {
                        errors.Add($"{path}.{required}: required");
                    }
                }

                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (name, child) in obj)
                {
                    if (properties?[name] is JsonObject childSchema)
                    {
                        Walk(child, childSchema, $"{path}.{name}", errors);
                    }
                    else if (additional is not null)
                    {
                        Walk(child, additional, $"{path}.{name}", errors);
                    }
                    else if (properties is not null && schema["x-kubernetes-preserve-unknown-fields"] is null && path.Length > 0)
                    {
                        errors.Add($"{path}.{name}: unknown field (would be pruned)");
                    }
                }

                break;
            case "array":
                if (value is not JsonArray array)
                {
                    errors.Add($"{path}: expected array");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], (JsonObject)schema["items"]!, $"{path}[{i}]", errors);
                }

                break;
            case "string":
                if (value is not JsonValue || (schema["enum"] is JsonArray e && !e.Any(x => (string?)x == value.ToString())))
                {
                    errors.Add($"{path}: expected string{(schema["enum"] is null ? string.Empty : " in enum")}, got {value.ToJsonString()}");
                }

                break;
            case "integer":
                if (!long.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    errors.Add($"{path}: expected integer, got {value.ToJsonString()}");
                }
                else if ((schema["minimum"] is { } min && n < long.Parse(min.ToString(), CultureInfo.InvariantCulture))
                         || (schema["maximum"] is { } max && n > long.Parse(max.ToString(), CultureInfo.InvariantCulture)))
                {
                    errors.Add($"{path}: {n} out of range");
                }

                break;
            case "boolean":
                if (value.ToString() is not ("true" or "false"))
                {
                    errors.Add($"{path}: expected boolean, got {value.ToJsonString()}");
                }

                break;
            default:
                break;
        }
    }
}
