using Ingot.Plugins.FileSource.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.FileSource.Manifests.Tests;

/// <summary>
/// Files on which YamlDotNet fails without a syntax error (no position of its own) are refused naming the file and the line
/// to look at, as <c>ingot validate</c> prints them. The corpus files come from mutated copies of <c>examples/</c>.
/// </summary>
public class YamlErrorLineTests
{
    private static FileManifestReader Reader() => new(new FileSourceOptions { NodeName = "node-x" });

    private static string Corpus(string name) => Path.Combine(RepositoryPaths.Root, "tests", "fuzz-corpus", "manifest", name);

    [Theory]
    [InlineData("crash-unsupported-event-1.yaml", 19, "a mapping entry without a key (a line that starts with ':')")]
    [InlineData("crash-unsupported-event-2.yaml", 9, "a mapping entry without a key (a line that starts with ':')")]
    [InlineData("document-end-before-content.yaml", 2, "The scanner should contain no more tokens.")]
    public void Read_CorpusFile_RefusedNamingFileAndLine(string name, int line, string message)
    {
        var file = Corpus(name);

        var result = Reader().Read([file]);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal($"{file}: YAML/line {line}: malformed YAML: {message}", error.ToString());
    }

    [Fact]
    public void Read_TruncatedManifestWithEmptyDocuments_RefusedAtTheLineAfterTheMarker()
    {
        // The case: a document end before any content, empty documents, and the file cut off mid-line.
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "pools.yaml");
        File.WriteAllText(file, """
            ...
            apiVersion: metallb.io/v1beta1
            ---
            ---
            kind: IPAddressPool
            metadata:
              name: layer2-pool
              namespace: metallb-system
            spec:
              addresses:
              - 192.0.2.240-192.0.
            """);

        var result = Reader().Read([file]);

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal($"{file}: YAML/line 2: malformed YAML: The scanner should contain no more tokens.", error.ToString());
    }

    [Fact]
    public void Read_KeyWithoutValueAfterShiftedEntries_NamesTheEmptyKeyNotTheEndOfTheFile()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "l2.yaml");
        File.WriteAllText(file, """
            apiVersion: metallb.io/v1beta1
            kind: L2Advertisement
            metadata:
              name: l2
              namespace: metallb-system
            :
            spec:
              ipAddressPools:
              - first
              interfaces:
              - eth0
            """);

        var result = Reader().Read([file]);

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("YAML", error.Kind);
        Assert.Equal("line 6", error.Name);
        Assert.Equal(file, error.Origin);
    }

    [Fact]
    public void Read_ValidFileBesideARefusedOne_StillRead()
    {
        using var dir = new TempDirectory();
        File.Copy(Corpus("crash-unsupported-event-2.yaml"), Path.Combine(dir.Path, "a-broken.yaml"));
        File.WriteAllText(Path.Combine(dir.Path, "b-pool.yaml"), """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: good
              namespace: metallb-system
            spec:
              addresses:
              - 192.0.2.0/28
            """);

        var result = Reader().Read([dir.Path]);

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(Path.Combine(dir.Path, "a-broken.yaml"), error.Origin);
        Assert.Equal("line 9", error.Name);
    }
}
