using System.Text;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.FileSource.Manifests.Tests;

public class YamlLimitsTests
{
    private const string ServiceHead = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\n";

    private static ManifestBatch LoadText(string yaml)
    {
        var batch = new ManifestBatch();
        new ManifestLoader("metallb-system").LoadText("limits.yaml", Encoding.UTF8.GetBytes(yaml), batch);
        return batch;
    }

    private static string Nested(int levels) => string.Concat(Enumerable.Repeat("{a: ", levels)) + "1" + new string('}', levels);

    private static string AliasBomb(int levels)
    {
        var yaml = new StringBuilder(ServiceHead).Append("  annotations:\n    a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= levels; i++)
        {
            yaml.Append($"    a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append("]\n");
        }

        return yaml.ToString();
    }

    [Fact]
    public void LoadText_TwentyThousandNestedMappings_RefusesTheFileNamingItsLineInsteadOfOverflowingTheStack()
    {
        var batch = LoadText(ServiceHead + "  labels: " + Nested(20_000) + "\n");

        var error = Assert.Single(batch.Diagnostics);
        Assert.Equal("YAML", error.Kind);
        Assert.Equal("line 6", error.Name);
        Assert.Equal("limits.yaml", error.Origin);
        Assert.Contains($"nesting deeper than {YamlLimits.MaxDepth} levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(["limits.yaml"], batch.FailedFiles);
        Assert.Empty(batch.Objects);
    }

    [Fact]
    public void LoadText_NestingAtTheLimit_IsReadAndJudgedByTheMapper()
    {
        // The document mapping, metadata and labels take three levels; the rest of the limit goes to the value.
        var batch = LoadText(ServiceHead + "  labels: " + Nested(YamlLimits.MaxDepth - 3) + "\n");

        var error = Assert.Single(batch.Diagnostics);
        Assert.Equal("Service", error.Kind);
        Assert.Contains("metadata.labels.a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_NestedNineFoldAliases_AreRefusedAsAnAliasBomb()
    {
        var batch = LoadText(AliasBomb(8));

        var error = Assert.Single(batch.Diagnostics);
        Assert.Equal("YAML", error.Kind);
        Assert.Contains("aliases are expanded", error.Message, StringComparison.Ordinal);
        Assert.Equal(["limits.yaml"], batch.FailedFiles);
        Assert.Empty(batch.Objects);
    }

    [Fact]
    public void LoadText_AnchorsAndAliasesWithinTheLimit_AreExpandedAsBefore()
    {
        var batch = LoadText(ServiceHead + "  labels: &common {app: web}\n  annotations: *common\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n");

        Assert.DoesNotContain(batch.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var service = Assert.Single(batch.Objects.Select(o => o.Value).OfType<ServiceInfo>());
        Assert.Equal("web", service.Annotations["app"]);
    }

    [Fact]
    public void LoadText_AFileOverTheSizeLimit_IsRefusedWithoutBeingParsed()
    {
        var yaml = ServiceHead + "# " + new string('x', YamlLimits.MaxFileBytes) + "\n";

        var batch = LoadText(yaml);

        var error = Assert.Single(batch.Diagnostics);
        Assert.Equal("YAML", error.Kind);
        Assert.Contains("larger than the limit of 8 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_TruncatedWithEmptyDocumentsInserted_IsASyntaxErrorNamingTheLine()
    {
        var batch = LoadText("---\n---\n" + ServiceHead + "  labels: {a: [1, {b: [2, {c: \n---\n");

        var error = Assert.Single(batch.Diagnostics);
        Assert.Equal("YAML", error.Kind);
        Assert.Equal("line 9", error.Name);
        Assert.Contains("syntax error at line 9", error.Message, StringComparison.Ordinal);
    }
}
