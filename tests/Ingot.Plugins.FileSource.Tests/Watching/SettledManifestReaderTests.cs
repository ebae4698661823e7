using Ingot.Plugins.FileSource.Manifests;
using Ingot.Plugins.FileSource.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.FileSource.Tests.Watching;

/// <summary>The settle rule and the <c>..data</c> rule over real files; fake time drives the settle interval.</summary>
public class SettledManifestReaderTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(300);

    private static string Service(string name) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}}
        spec: {type: LoadBalancer, clusterIP: 198.51.100.10, ports: [{port: 80}]}
        """;

    private static string[] Names(ManifestBatch batch) => [.. batch.Objects.Select(o => o.Key.Name).Order(StringComparer.Ordinal)];

    private static async Task<ManifestBatch> Drive(Task<ManifestBatch> read, FakeTimeProvider time)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!read.IsCompleted)
        {
            time.Advance(s_settle);
            await Task.Delay(5, timeout.Token); // lets the reader's continuation run; only a hang reaches the timeout
        }

        return await read;
    }

    [Fact]
    public async Task ReadAsync_DirectoryChangesBetweenReads_TakesOnlyAReadThatASecondOneConfirms()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", Service("a"));
        var time = new FakeTimeProvider();
        var unsettled = 0;
        var reader = new SettledManifestReader(new ManifestLoader("metallb-system"), s_settle, time);

        var read = reader.ReadAsync(dir.Path, () => unsettled++, CancellationToken.None); // the first read has happened
        dir.Write("b.yaml", Service("b")); // a multi-file change still going on
        var batch = await Drive(read, time);

        Assert.Equal(["a", "b"], Names(batch));
        Assert.Equal(1, unsettled);
    }

    [Fact]
    public async Task ReadAsync_FileHalfWrittenAtFirstRead_ReturnsTheFinishedFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.yaml", Service("a")[..20]);
        var time = new FakeTimeProvider();
        var reader = new SettledManifestReader(new ManifestLoader("metallb-system"), s_settle, time);

        var read = reader.ReadAsync(dir.Path, null, CancellationToken.None);
        File.WriteAllText(path, Service("a") + "\n---\n" + Service("a2"));
        var batch = await Drive(read, time);

        Assert.Equal(["a", "a2"], Names(batch));
        Assert.Empty(batch.Diagnostics);
    }

    [Fact]
    public async Task ReadAsync_ConfigMapCaughtMidSwap_ReadsTheNewVersionWhole()
    {
        using var dir = new TempDirectory();
        var volume = new ConfigMapLayout(dir.Path);
        volume.WriteAndSwap(new Dictionary<string, string> { ["a.yaml"] = Service("a"), ["b.yaml"] = Service("b") });
        volume.FinishSwap();
        // The next version drops a.yaml and adds c.yaml; caught after the "..data" swap, before the links are updated,
        // a.yaml dangles and c.yaml has no link yet.
        volume.WriteAndSwap(new Dictionary<string, string> { ["b.yaml"] = Service("b"), ["c.yaml"] = Service("c") });
        var time = new FakeTimeProvider();
        var reader = new SettledManifestReader(new ManifestLoader("metallb-system"), s_settle, time);

        var batch = await Drive(reader.ReadAsync(dir.Path, null, CancellationToken.None), time);

        Assert.Equal(["b", "c"], Names(batch));
        Assert.Empty(batch.Diagnostics);
    }
}
