using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Ingot.Plugins.K8sSource.Tests.Deploy;

/// <summary>Reads deploy/*.yaml (copied next to the tests) into JSON nodes; scalars stay text, as YAML wrote them.</summary>
internal static class Manifests
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "deploy");

    public static IReadOnlyList<JsonObject> Read(string relativePath)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Directory, relativePath)))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Where(d => d.RootNode is YamlMappingNode).Select(d => (JsonObject)ToJson(d.RootNode)!)];
    }

    public static string Id(JsonObject o) => $"{o["kind"]}/{o["metadata"]?["namespace"]}/{o["metadata"]?["name"]}";

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => scalar.Value is null || (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "null" or "~" or "") ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };
}
