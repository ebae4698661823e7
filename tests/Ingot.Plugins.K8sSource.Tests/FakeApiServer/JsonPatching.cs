using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>RFC 7386 JSON merge patch and RFC 6902 JSON patch over <see cref="JsonNode"/>.</summary>
public static class JsonPatching
{
    /// <summary>RFC 7386 §2: objects merge recursively, null removes a member, anything else replaces.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var merged = MergePatch(result[name], value);
                result.Remove(name);
                result[name] = merged;
            }
        }

        return result;
    }

    /// <summary>RFC 6902 §4: applies add/remove/replace/move/copy/test in order; throws <see cref="InvalidOperationException"/>
    /// when an operation cannot apply (the server answers 422).</summary>
    public static JsonNode ApplyJsonPatch(JsonNode document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document.DeepClone() };
        foreach (var operation in operations)
        {
            var op = (string?)operation?["op"] ?? throw new InvalidOperationException("operation without op");
            var path = "/doc" + ((string?)operation!["path"] ?? throw new InvalidOperationException("operation without path"));
            switch (op)
            {
                case "add":
                    Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = "/doc" + (string?)operation["from"];
                        var value = Get(root, from);
                        Remove(root, from);
                        Add(root, path, value);
                        break;
                    }

                case "copy":
                    Add(root, path, Get(root, "/doc" + (string?)operation["from"])?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                    {
                        throw new InvalidOperationException($"test failed at {path}");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"unknown op {op}");
            }
        }

        return root["doc"]!.DeepClone();
    }

    private static (JsonNode Parent, string Token) Locate(JsonNode root, string pointer)
    {
        var tokens = pointer.Split('/')[1..].Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var node = root;
        foreach (var token in tokens[..^1])
        {
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a => a[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)],
                _ => null,
            } ?? throw new InvalidOperationException($"path {pointer} does not exist");
        }

        return (node, tokens[^1]);
    }

    private static JsonNode? Get(JsonNode root, string pointer)
    {
        var (parent, token) = Locate(root, pointer);
        return parent switch
        {
            JsonObject o when o.ContainsKey(token) => o[token],
            JsonArray a when int.TryParse(token, out var i) && i < a.Count => a[i],
            _ => throw new InvalidOperationException($"path {pointer} does not exist"),
        };
    }

    private static void Add(JsonNode root, string pointer, JsonNode? value)
    {
        var (parent, token) = Locate(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                o.Remove(token);
                o[token] = value;
                break;
            case JsonArray a when token == "-":
                a.Add(value);
                break;
            case JsonArray a:
                a.Insert(int.Parse(token, System.Globalization.CultureInfo.InvariantCulture), value);
                break;
            default:
                throw new InvalidOperationException($"cannot add at {pointer}");
        }
    }

    private static void Remove(JsonNode root, string pointer)
    {
        var (parent, token) = Locate(root, pointer);
        var removed = parent switch
        {
            JsonObject o => o.Remove(token),
            JsonArray a when int.TryParse(token, out var i) && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw new InvalidOperationException($"path {pointer} does not exist");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }
}
