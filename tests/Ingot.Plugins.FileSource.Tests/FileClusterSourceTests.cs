using System.Net;
using Ingot.Plugins.FileSource.State;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.FileSource.Tests;

/// <summary>
/// The source over real files in a temp directory, watched with real file system events. Tests wait for the next
/// snapshot (bounded by a generous cancellation that only a hang reaches) and never assert how long it took.
/// </summary>
public sealed class FileClusterSourceTests : IDisposable
{
    private const string Pool = """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata: {name: lab-ipv4}
        spec:
          addresses: [192.0.2.200-192.0.2.210]
        """;

    private const string Web = """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: LoadBalancer
          clusterIP: 198.51.100.10
          ports: [{port: 80}]
        """;

    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _timeout.Cancel();
        foreach (var d in _disposables)
        {
            d.Dispose();
        }

        _timeout.Dispose();
        _dir.Dispose();
    }

    private (FileClusterSource Source, FileSourceMetrics Metrics) Create(string config, string? state = null, string node = "node-a")
    {
        var metrics = new FileSourceMetrics();
        _disposables.Add(metrics);
        var options = new FileSourceOptions
        {
            ConfigPath = config,
            StatePath = state,
            NodeName = node,
            Debounce = TimeSpan.FromMilliseconds(50),
            PollInterval = TimeSpan.FromMilliseconds(200),
        };
        return (new FileClusterSource(options, metrics, TimeProvider.System, NullLogger<FileClusterSource>.Instance), metrics);
    }

    private async Task<ClusterState> NextAsync(IAsyncEnumerator<ClusterState> snapshots)
    {
        Assert.True(await snapshots.MoveNextAsync(), "the source stopped before yielding the expected snapshot");
        return snapshots.Current;
    }

    private IAsyncEnumerator<ClusterState> Watch(FileClusterSource source) => source.WatchAsync(_timeout.Token).GetAsyncEnumerator(_timeout.Token);

    private static AllocationResult Allocation(params (string Name, string[] Addresses, string Pool)[] assignments) => new()
    {
        Assignments = [.. assignments.Select(a => new ServiceAssignment
        {
            Service = new ServiceKey("default", a.Name),
            Addresses = [.. a.Addresses.Select(IPAddress.Parse)],
            Pool = a.Pool,
        })],
    };

    [Fact]
    public async Task WatchAsync_ValidManifests_FirstSnapshotHasConfigurationServicesAndThisNode()
    {
        _dir.Write("pool.yaml", Pool);
        _dir.Write("web.yaml", Web);
        var (source, metrics) = Create(_dir.Path);
        using var probe = new MetricsProbe(metrics.Meter);
        await using var snapshots = Watch(source);

        var state = await NextAsync(snapshots);

        Assert.Equal("file", source.Name);
        Assert.Equal(["lab-ipv4"], state.Configuration.Pools.Keys);
        Assert.False(state.ConfigurationStale);
        Assert.Empty(state.ConfigurationErrors);
        Assert.True(state.IsAllocationLeader);
        Assert.Equal(new ServiceKey("default", "web"), Assert.Single(state.Services).Key);
        var node = Assert.Single(state.Nodes);
        Assert.Equal("node-a", node.Name);
        Assert.True(node.Ready);
        Assert.Equal(1, probe.Gauge("metallb_k8s_client_config_loaded_bool"));
        Assert.Equal(0, probe.Gauge("metallb_k8s_client_config_stale_bool"));
        Assert.Equal(1, probe.Counter("metallb_k8s_client_updates_total"));
    }

    [Fact]
    public async Task WatchAsync_FileEdited_YieldsNewSnapshot()
    {
        var file = _dir.Write("config.yaml", Pool);
        var (source, _) = Create(_dir.Path);
        await using var snapshots = Watch(source);
        var first = await NextAsync(snapshots);

        File.WriteAllText(file, Pool.Replace("lab-ipv4", "renamed", StringComparison.Ordinal));
        var second = await NextAsync(snapshots);

        Assert.Equal(["renamed"], second.Configuration.Pools.Keys);
        Assert.True(second.Revision > first.Revision);
    }

    [Fact]
    public async Task WatchAsync_FileAddedAndDeleted_ServicesFollow()
    {
        _dir.Write("pool.yaml", Pool);
        var (source, _) = Create(_dir.Path);
        await using var snapshots = Watch(source);
        Assert.Empty((await NextAsync(snapshots)).Services);

        var web = _dir.Write("web.yaml", Web);
        Assert.Equal("web", Assert.Single((await NextAsync(snapshots)).Services).Name);

        File.Delete(web);
        Assert.Empty((await NextAsync(snapshots)).Services);
    }

    [Fact]
    public async Task WatchAsync_EditorWritesTemporaryAndRenamesOver_YieldsNewSnapshot()
    {
        var file = _dir.Write("config.yaml", Pool);
        var (source, _) = Create(file);
        await using var snapshots = Watch(source);
        await NextAsync(snapshots);

        var temporary = _dir.Write(".config.yaml.swp", Pool + "\n---\n" + Web);
        File.Move(temporary, file, overwrite: true);
        var state = await NextAsync(snapshots);

        Assert.Equal("web", Assert.Single(state.Services).Name);
    }

    [Fact]
    public async Task WatchAsync_InvalidEdit_KeepsLastGoodConfigurationMarksStaleAndStillUpdatesServices()
    {
        var file = _dir.Write("config.yaml", Pool + "\n---\n" + Web);
        var (source, metrics) = Create(file);
        using var probe = new MetricsProbe(metrics.Meter);
        await using var snapshots = Watch(source);
        var good = await NextAsync(snapshots);

        // One save both breaks the pool and adds a Service.
        File.WriteAllText(file, Pool.Replace("[192.0.2.200-192.0.2.210]", "\"192.0.2.200\"", StringComparison.Ordinal)
                                + "\n---\n" + Web + "\n---\n" + Web.Replace("name: web", "name: api", StringComparison.Ordinal));
        var stale = await NextAsync(snapshots);

        Assert.True(stale.ConfigurationStale);
        Assert.Same(good.Configuration, stale.Configuration);
        var error = Assert.Single(stale.ConfigurationErrors);
        Assert.Equal($"{file}: IPAddressPool/lab-ipv4: spec.addresses: expected a list, got \"192.0.2.200\" (line 5)", error.ToString());
        Assert.Equal(["web", "api"], stale.Services.Select(s => s.Name));
        Assert.Equal(1, probe.Gauge("metallb_k8s_client_config_stale_bool"));
        Assert.Equal(1, probe.Gauge("metallb_k8s_client_config_loaded_bool"));
        Assert.Equal(1, probe.Counter("metallb_k8s_client_update_errors_total"));

        File.WriteAllText(file, Pool.Replace("192.0.2.210", "192.0.2.220", StringComparison.Ordinal));
        var fixedState = await NextAsync(snapshots);

        Assert.False(fixedState.ConfigurationStale);
        Assert.Empty(fixedState.ConfigurationErrors);
        Assert.NotSame(good.Configuration, fixedState.Configuration);
        Assert.Equal(0, probe.Gauge("metallb_k8s_client_config_stale_bool"));
        Assert.Equal(3, probe.Counter("metallb_k8s_client_updates_total"));
    }

    [Fact]
    public async Task WatchAsync_ValidationError_KeepsLastGoodConfiguration()
    {
        var file = _dir.Write("config.yaml", Pool);
        var (source, _) = Create(file);
        await using var snapshots = Watch(source);
        var good = await NextAsync(snapshots);

        File.WriteAllText(file, Pool.Replace("192.0.2.200-192.0.2.210", "192.0.2.210-192.0.2.200", StringComparison.Ordinal));
        var stale = await NextAsync(snapshots);

        Assert.True(stale.ConfigurationStale);
        Assert.Same(good.Configuration, stale.Configuration);
        var error = Assert.Single(stale.ConfigurationErrors);
        Assert.Equal("IPAddressPool", error.Kind);
        Assert.Equal("lab-ipv4", error.Name);
        Assert.Equal(file, error.Origin);
    }

    [Fact]
    public async Task WatchAsync_FirstLoadInvalid_EmptyConfigurationNotStaleWithErrors()
    {
        var file = _dir.Write("config.yaml", "apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: r1}\nspec: {myASN: abc}\n");
        var (source, metrics) = Create(file);
        using var probe = new MetricsProbe(metrics.Meter);
        await using var snapshots = Watch(source);

        var state = await NextAsync(snapshots);

        Assert.False(state.ConfigurationStale);
        Assert.Empty(state.Configuration.Pools);
        Assert.Equal("spec.myASN: expected an integer, got \"abc\" (line 4)", Assert.Single(state.ConfigurationErrors).Message);
        Assert.Equal(0, probe.Gauge("metallb_k8s_client_config_loaded_bool"));
        Assert.Equal(0, probe.Gauge("metallb_k8s_client_config_stale_bool"));
    }

    [Fact]
    public async Task WatchAsync_YamlSyntaxErrorInServiceFile_KeepsLastGoodServiceAndMarksStale()
    {
        _dir.Write("pool.yaml", Pool);
        var web = _dir.Write("web.yaml", Web);
        var (source, _) = Create(_dir.Path);
        await using var snapshots = Watch(source);
        var good = await NextAsync(snapshots);

        File.WriteAllText(web, Web + "\n  bad: [indent\n");
        var broken = await NextAsync(snapshots);

        Assert.Same(good.Services[0], broken.Services[0]);
        Assert.True(broken.ConfigurationStale);
        var error = Assert.Single(broken.ConfigurationErrors);
        Assert.Equal(web, error.Origin);
        Assert.Equal("YAML", error.Kind);
        Assert.StartsWith("syntax error at line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_ServiceWithWrongField_KeepsLastGoodServiceConfigurationNotStale()
    {
        _dir.Write("pool.yaml", Pool);
        var web = _dir.Write("web.yaml", Web);
        var (source, _) = Create(_dir.Path);
        await using var snapshots = Watch(source);
        var good = await NextAsync(snapshots);

        File.WriteAllText(web, Web.Replace("port: 80", "port: http", StringComparison.Ordinal));
        var next = await NextAsync(snapshots);

        Assert.Same(good.Services[0], Assert.Single(next.Services));
        Assert.False(next.ConfigurationStale);
        Assert.Empty(next.ConfigurationErrors);
    }

    [Fact]
    public async Task WatchAsync_NoConfigPath_Throws()
    {
        var metrics = new FileSourceMetrics();
        _disposables.Add(metrics);
        var source = new FileClusterSource(new FileSourceOptions(), metrics, TimeProvider.System, NullLogger<FileClusterSource>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Watch(source).MoveNextAsync());

        Assert.Contains("--config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteStatusAsync_ThenRestart_ServicesKeepTheirAddresses()
    {
        _dir.Write("config.yaml", Pool + "\n---\n" + Web + "\n---\n" + Web.Replace("name: web", "name: api", StringComparison.Ordinal));
        var statePath = _dir.File("state/ingot.json");
        var (first, _) = Create(_dir.Path, statePath);
        await using (var snapshots = Watch(first))
        {
            var state = await NextAsync(snapshots);
            await first.WriteStatusAsync(state, Allocation(("web", ["192.0.2.205"], "lab-ipv4"), ("api", ["192.0.2.200"], "lab-ipv4")), CancellationToken.None);
        }

        var (restarted, _) = Create(_dir.Path, statePath);
        await using var again = Watch(restarted);
        var restored = await NextAsync(again);

        var web = Assert.Single(restored.Services, s => s.Name == "web");
        Assert.Equal([IPAddress.Parse("192.0.2.205")], web.StatusAddresses);
        Assert.Equal("lab-ipv4", web.Annotations[FileClusterSource.PoolAnnotation]);
        Assert.Equal([IPAddress.Parse("192.0.2.200")], Assert.Single(restored.Services, s => s.Name == "api").StatusAddresses);
    }

    [Fact]
    public async Task WatchAsync_ManifestCarriesStatus_ManifestWinsOverStateFile()
    {
        _dir.Write("config.yaml", Pool + "\n---\n" + Web + "\nstatus: {loadBalancer: {ingress: [{ip: 192.0.2.201}]}}\n");
        var statePath = _dir.File("state.json");
        StateFile.Write(statePath, new Dictionary<ServiceKey, StateEntry>
        {
            [new ServiceKey("default", "web")] = new([IPAddress.Parse("192.0.2.209")], "lab-ipv4"),
        });
        var (source, _) = Create(_dir.Path, statePath);
        await using var snapshots = Watch(source);

        var state = await NextAsync(snapshots);

        var web = Assert.Single(state.Services);
        Assert.Equal([IPAddress.Parse("192.0.2.201")], web.StatusAddresses);
        Assert.False(web.Annotations.ContainsKey(FileClusterSource.PoolAnnotation));
    }

    [Fact]
    public async Task WriteStatusAsync_DropsDeletedAndNonLoadBalancerServices()
    {
        var statePath = _dir.File("state.json");
        StateFile.Write(statePath, new Dictionary<ServiceKey, StateEntry>
        {
            [new ServiceKey("default", "web")] = new([IPAddress.Parse("192.0.2.200")], "lab-ipv4"),
            [new ServiceKey("default", "gone")] = new([IPAddress.Parse("192.0.2.201")], "lab-ipv4"),
            [new ServiceKey("default", "other-class")] = new([IPAddress.Parse("192.0.2.202")], "lab-ipv4"),
        });
        _dir.Write("config.yaml", Pool + "\n---\n" + Web.Replace("type: LoadBalancer", "type: ClusterIP", StringComparison.Ordinal)
                                  + "\n---\n" + Web.Replace("name: web", "name: other-class", StringComparison.Ordinal));
        var (source, _) = Create(_dir.Path, statePath);
        await using var snapshots = Watch(source);
        var state = await NextAsync(snapshots);

        Assert.Empty(Assert.Single(state.Services, s => s.Name == "web").StatusAddresses);
        await source.WriteStatusAsync(state, AllocationResult.Empty, CancellationToken.None);

        var kept = StateFile.Read(statePath, out var error).Assignments;
        Assert.Null(error);
        Assert.Equal([new ServiceKey("default", "other-class")], kept.Keys);
    }

    [Fact]
    public async Task WriteStatusAsync_NothingChanged_DoesNotRewriteTheFile()
    {
        _dir.Write("config.yaml", Pool + "\n---\n" + Web);
        var statePath = _dir.File("state.json");
        var (source, _) = Create(_dir.Path, statePath);
        await using var snapshots = Watch(source);
        var state = await NextAsync(snapshots);
        var allocation = Allocation(("web", ["192.0.2.200"], "lab-ipv4"));
        await source.WriteStatusAsync(state, allocation, CancellationToken.None);
        Assert.True(File.Exists(statePath));

        File.Delete(statePath);
        await source.WriteStatusAsync(state, allocation, CancellationToken.None);

        Assert.False(File.Exists(statePath));
        Assert.Equal([IPAddress.Parse("192.0.2.200")], source.Assignments[new ServiceKey("default", "web")].Addresses);
    }

    [Fact]
    public async Task WatchAsync_CorruptStateFile_StartsEmptyAndKeepsACopy()
    {
        _dir.Write("config.yaml", Pool + "\n---\n" + Web);
        var statePath = _dir.Write("state.json", "{\"version\":1,\"services\":[{\"namespace\":\"def");
        var (source, _) = Create(_dir.Path, statePath);
        await using var snapshots = Watch(source);

        var state = await NextAsync(snapshots);

        Assert.Empty(Assert.Single(state.Services).StatusAddresses);
        Assert.Empty(source.Assignments);
        Assert.Equal("{\"version\":1,\"services\":[{\"namespace\":\"def", File.ReadAllText(statePath + ".corrupt"));
    }

    [Fact]
    public async Task WriteStatusAsync_WithoutStateFile_KeepsAssignmentsInMemory()
    {
        _dir.Write("config.yaml", Pool + "\n---\n" + Web);
        var (source, _) = Create(_dir.Path);
        await using var snapshots = Watch(source);
        var state = await NextAsync(snapshots);

        await source.WriteStatusAsync(state, Allocation(("web", ["192.0.2.203"], "lab-ipv4")), CancellationToken.None);
        File.AppendAllText(_dir.File("config.yaml"), "\n# touched\n");
        var next = await NextAsync(snapshots);

        Assert.Equal([IPAddress.Parse("192.0.2.203")], Assert.Single(next.Services).StatusAddresses);
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task WatchAsync_ConfigFileMissingThenCreated_ErrorThenConfiguration()
    {
        var file = _dir.File("later.yaml");
        var (source, _) = Create(file);
        await using var snapshots = Watch(source);

        var missing = await NextAsync(snapshots);
        Assert.Equal($"{file}: File/later.yaml: no such file or directory", Assert.Single(missing.ConfigurationErrors).ToString());
        Assert.False(missing.ConfigurationStale);

        _dir.Write("later.yaml", Pool);
        var created = await NextAsync(snapshots);

        Assert.Equal(["lab-ipv4"], created.Configuration.Pools.Keys);
        Assert.Empty(created.ConfigurationErrors);
    }

    [Fact]
    public async Task WriteStatusAsync_EachAssignmentChangeLoggedOnce()
    {
        _dir.Write("config.yaml", Pool + "\n---\n" + Web);
        var metrics = new FileSourceMetrics();
        _disposables.Add(metrics);
        var logger = new ListLogger<FileClusterSource>();
        var source = new FileClusterSource(new FileSourceOptions { ConfigPath = _dir.Path, NodeName = "node-a" }, metrics, TimeProvider.System, logger);
        await using var snapshots = Watch(source);
        var state = await NextAsync(snapshots);

        await source.WriteStatusAsync(state, Allocation(("web", ["192.0.2.200"], "lab-ipv4")), CancellationToken.None);
        await source.WriteStatusAsync(state, Allocation(("web", ["192.0.2.200"], "lab-ipv4")), CancellationToken.None);
        await source.WriteStatusAsync(state, Allocation(("web", ["192.0.2.204"], "lab-ipv4")), CancellationToken.None);
        await source.WriteStatusAsync(state, AllocationResult.Empty with { Assignments = [new ServiceAssignment { Service = new ServiceKey("default", "web"), Error = "no pool" }] }, CancellationToken.None);

        Assert.Equal(
            [
                "Information: Service default/web assigned 192.0.2.200 from pool lab-ipv4",
                "Information: Service default/web moved from 192.0.2.200 to 192.0.2.204 (pool lab-ipv4)",
                "Information: Service default/web released 192.0.2.204",
            ],
            logger.Lines.Where(l => l.StartsWith("Information: Service ", StringComparison.Ordinal)));
    }
}
