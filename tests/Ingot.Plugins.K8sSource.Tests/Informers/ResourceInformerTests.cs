using Ingot.Plugins.K8sSource.Informers;
using Ingot.Plugins.K8sSource.Mapping;
using Ingot.Sdk.Cluster;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.K8sSource.Tests.Informers;

public sealed class ResourceInformerTests : IAsyncLifetime
{
    private FakeApiServer.FakeApiServer _server = null!;
    private Kubernetes _client = null!;
    private readonly List<(InformerEventType Type, string Key)> _changes = [];
    private readonly CancellationTokenSource _stop = new();

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.FakeApiServer.StartAsync();
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    private ResourceInformer<ServiceInfo> StartServiceInformer()
    {
        var endpoint = new TypedEndpoint<V1ServiceList, V1Service, ServiceInfo>("services",
            (limit, next, ct) => _client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct),
            (rv, onError, ct) => _client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            CoreMapping.ToServiceInfo);
        var informer = new ResourceInformer<ServiceInfo>(endpoint, (t, k) => { lock (_changes) { _changes.Add((t, k)); } }, TimeProvider.System, NullLogger.Instance, TimeSpan.FromSeconds(1));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        return informer;
    }

    private bool InSync(ResourceInformer<ServiceInfo> informer)
    {
        var expected = _server.List("services").Select(s => $"{s["metadata"]!["namespace"]}/{s["metadata"]!["name"]}:{s["metadata"]!["labels"]?["round"]}").Order().ToList();
        var actual = informer.Items.Values.Select(s => $"{s.Namespace}/{s.Name}:{(s.Labels.TryGetValue("round", out var r) ? r : string.Empty)}").Order().ToList();
        return expected.SequenceEqual(actual);
    }

    [Fact]
    public async Task RunAsync_WatchDropped_ResumesFromLastVersionWithoutLosingUpdates()
    {
        for (var i = 0; i < 20; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i}"));
        }

        var informer = StartServiceInformer();
        await informer.Ready;
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "watching");

        _server.Store.Suspend();
        _server.Create(TestObjects.Service("default", "new"));
        _server.Patch("services", "default", "s0", """{"metadata":{"labels":{"round":"1"}}}""");
        _server.Delete("services", "default", "s1");
        _server.Store.DropWatches();

        await TestWait.UntilAsync(() => InSync(informer), "informer caught up after the drop");
        Assert.Equal(1, informer.ListCount);
    }

    [Fact]
    public async Task RunAsync_WatchExpired_RelistsAndReportsVanishedObjectsAsDeleted()
    {
        for (var i = 0; i < 20; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i}"));
        }

        var informer = StartServiceInformer();
        await informer.Ready;
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "watching");

        // The events are held back and then compacted away: only a new list can reveal them.
        _server.Store.Suspend();
        _server.Delete("services", "default", "s2");
        _server.Create(TestObjects.Service("default", "late"));
        _server.Patch("services", "default", "s3", """{"metadata":{"labels":{"round":"2"}}}""");
        _server.Store.ExpireWatches();

        await TestWait.UntilAsync(() => InSync(informer), "informer caught up after the expiry");

        // The copy is swapped before listeners hear of it (so a listener always reads the new state): wait for them.
        await TestWait.UntilAsync(() => { lock (_changes) { return _changes.Contains((InformerEventType.Deleted, "default/s2")); } }, "synthetic delete");
        Assert.Equal(2, informer.ListCount);
        lock (_changes)
        {
            Assert.Contains((InformerEventType.Added, "default/late"), _changes);
            Assert.Single(_changes, c => c == (InformerEventType.Deleted, "default/s2"));
        }
    }

    [Fact]
    public async Task RunAsync_Bookmark_AdvancesResourceVersion()
    {
        _server.Create(TestObjects.Service("default", "a"));
        var informer = StartServiceInformer();
        await informer.Ready;
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "watching");

        // Changes to another resource move the global resourceVersion without any Service event.
        _server.Create(TestObjects.Node("n1"));
        _server.Create(TestObjects.Node("n2"));
        _server.Store.SendBookmarks();

        var expected = _server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await TestWait.UntilAsync(() => informer.ResourceVersion == expected, "bookmark seen");
        _server.Store.DropWatches();
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "watching again");
        Assert.Equal(1, informer.ListCount);
    }

    [Fact]
    public async Task RunAsync_ListFails_RetriesWithCappedExponentialBackoff()
    {
        var time = new FakeTimeProvider();
        var attempts = new List<DateTimeOffset>();
        var endpoint = new FailingEndpoint(() => { lock (attempts) { attempts.Add(time.GetUtcNow()); } });
        var informer = new ResourceInformer<ServiceInfo>(endpoint, (_, _) => { }, time, NullLogger.Instance, TimeSpan.FromSeconds(2));
        var run = Task.Run(() => informer.RunAsync(_stop.Token));

        // Step virtual time finely; each attempt lands on the first step at or after its due time.
        for (var step = 0; step < 200 && attempts.Count < 6; step++)
        {
            await TestWait.UntilAsync(() => attempts.Count > 0, "first attempt");
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
            await Task.Delay(2);
        }

        await _stop.CancelAsync();
        await run;
        DateTimeOffset[] at;
        lock (attempts)
        {
            at = [.. attempts];
        }

        var gaps = at.Zip(at.Skip(1), (a, b) => (b - a).TotalMilliseconds).Take(5).ToList();
        Assert.Equal(5, gaps.Count);
        double[] expected = [500, 1000, 2000, 2000, 2000];
        for (var i = 0; i < gaps.Count; i++)
        {
            // The delay starts up to one step after the failure, never before.
            Assert.InRange(gaps[i], expected[i], expected[i] + 100);
        }

        Assert.False(informer.Ready.IsCompleted);
    }

    private sealed class FailingEndpoint(Action onCall) : IResourceEndpoint<ServiceInfo>
    {
        public string Name => "failing";

        public Task<ListPage<ServiceInfo>> ListPageAsync(int? limit, string? continueToken, CancellationToken cancellationToken)
        {
            onCall();
            throw new HttpRequestException("connection refused");
        }

        public IAsyncEnumerable<InformerEvent<ServiceInfo>> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken)
            => throw new InvalidOperationException("never listed");
    }
}
