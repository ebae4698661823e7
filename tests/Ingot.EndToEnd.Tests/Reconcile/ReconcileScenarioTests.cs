using System.Text.Json;
using System.Text.Json.Nodes;
using Ingot.EndToEnd.Tests.Infrastructure;

namespace Ingot.EndToEnd.Tests.Reconcile;

/// <summary>
/// Every directory named <c>Scenarios/&lt;name&gt;/</c> under tests/ holds manifests and an <c>expected.json</c>: the exact
/// output of <c>ingot reconcile -o json</c> on that directory (optionally with a <c>node</c> file naming --node). Objects
/// in the expectation may leave out properties the scenario does not care about (e.g. <c>skipped</c>); arrays and values
/// must match exactly.
/// </summary>
public sealed class ReconcileScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var expected in Directory.EnumerateFiles(Path.Combine(Repo.Root, "tests"), "expected.json", SearchOption.AllDirectories)
                     .Where(p => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))) == "Scenarios")
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repo.Root, Path.GetDirectoryName(expected)!));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Reconcile_Scenario_PrintsExpectedJson(string scenario)
    {
        var dir = Path.Combine(Repo.Root, scenario);
        var manifests = Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal).ToList();
        var nodeFile = Path.Combine(dir, "node");
        var node = File.Exists(nodeFile) ? (await File.ReadAllTextAsync(nodeFile)).Trim() : "node-a";

        var (code, stdout, stderr) = await Shell.RunAsync(Repo.Ingot, ["reconcile", .. manifests, "--node", node, "-o", "json"]);

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "expected.json")));
        Assert.True(code is 0 or 1, $"exit {code}: {stderr}");
        var actual = JsonNode.Parse(stdout);
        Assert.True(Covers(expected, actual),
            $"{scenario}\nexpected:\n{expected!.ToJsonString(Indented)}\nactual:\n{actual!.ToJsonString(Indented)}\nstderr:\n{stderr}");
    }

    /// <summary>True when every property of <paramref name="expected"/> is in <paramref name="actual"/> with a covered
    /// value, arrays have the same length and cover element by element, and scalars are equal.</summary>
    private static bool Covers(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (JsonObject e, JsonObject a) => e.All(p => a.TryGetPropertyValue(p.Key, out var v) && Covers(p.Value, v)),
        (JsonArray e, JsonArray a) => e.Count == a.Count && e.Zip(a).All(x => Covers(x.First, x.Second)),
        _ => JsonNode.DeepEquals(expected, actual),
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
