using Ingot.Plugins.K8sSource.Informers;
using Ingot.Plugins.K8sSource.Mapping;
using Ingot.Sdk.Cluster;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
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

    private ResourceInformer<ServiceInfo> StartServiceInformer(int listPageSize = K8sSourceOptions.DefaultListPageSize, ILogger? logger = null)
    {
        var endpoint = new TypedEndpoint<V1ServiceList, V1Service, ServiceInfo>("services",
            (limit, next, ct) => _client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct),
            (rv, onError, ct) => _client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            CoreMapping.ToServiceInfo);
        var informer = new ResourceInformer<ServiceInfo>(endpoint, (t, k) => { lock (_changes) { _changes.Add((t, k)); } }, TimeProvider.System,
            logger ?? NullLogger.Instance, TimeSpan.FromSeconds(1), listPageSize: listPageSize);
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        return informer;
    }

    /// <summary>Services <c>default/s0000</c> … in key order, so pages of 500 split at known names.</summary>
    private void CreateServices(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i:D4}"));
        }
    }

    private List<FakeApiServer.RecordedRequest> ServiceLists() => [.. _server.Requests.Where(r => r.Verb == "list" && r.Resource == "services")];

    private List<(InformerEventType Type, string Key)> Changes()
    {
        lock (_changes)
        {
            return [.. _changes];
        }
    }

    /// <summary>Runs <paramref name="action"/> before each of the first <paramref name="times"/> continued list pages.</summary>
    private void BeforeContinuedPages(int times, Action action)
    {
        var left = times;
        _server.BeforeList = request =>
        {
            if (request.Continue is not null && Interlocked.Decrement(ref left) >= 0)
            {
                action();
            }
        };
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
    public async Task RunAsync_ThousandsOfServices_ListsThemInPagesOf500()
    {
        CreateServices(1234);

        var informer = StartServiceInformer();
        await informer.Ready;

        Assert.Equal(1234, informer.Items.Count);
        Assert.Equal(_server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), informer.ResourceVersion);
        var lists = ServiceLists();
        Assert.Equal(3, lists.Count);
        Assert.All(lists, r => Assert.Equal((500, 200), (r.Limit, r.StatusCode)));
        Assert.Null(lists[0].Continue);
        Assert.NotNull(lists[1].Continue);
        Assert.NotNull(lists[2].Continue);
        Assert.NotEqual(lists[1].Continue, lists[2].Continue);
    }

    [Fact]
    public async Task RunAsync_WritesBetweenPages_ListIsTheFirstPagesSnapshotAndTheWatchBringsTheWrites()
    {
        CreateServices(1234);
        BeforeContinuedPages(1, () =>
        {
            _server.Delete("services", "default", "s0100");
            _server.Delete("services", "default", "s1100");
            _server.Patch("services", "default", "s0700", """{"metadata":{"labels":{"round":"1"}}}""");
            _server.Create(TestObjects.Service("default", "s9999"));
        });

        var informer = StartServiceInformer();
        await informer.Ready;
        await TestWait.UntilAsync(() => InSync(informer), "informer caught up through the watch");

        // The list's own changes come first, and they are exactly the objects at the first page's resourceVersion.
        var changes = Changes();
        var listed = changes.Take(1234).ToList();
        Assert.All(listed, c => Assert.Equal(InformerEventType.Added, c.Type));
        Assert.Equal(Enumerable.Range(0, 1234).Select(i => $"default/s{i:D4}"), listed.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(
            [(InformerEventType.Deleted, "default/s0100"), (InformerEventType.Deleted, "default/s1100"), (InformerEventType.Modified, "default/s0700"), (InformerEventType.Added, "default/s9999")],
            changes.Skip(1234));
        Assert.Equal(1, informer.ListCount);
        Assert.Equal(3, ServiceLists().Count);
    }

    [Fact]
    public async Task RunAsync_ContinueTokenExpiresDuringRelist_StartsOverAndReportsOnlyRealDeletes()
    {
        CreateServices(1234);
        var logger = new RecordingLogger();
        var informer = StartServiceInformer(logger: logger);
        await informer.Ready;
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "watching");

        // The watch expires, so the informer lists again, and that list's snapshot is compacted after its first page.
        BeforeContinuedPages(1, _server.Store.Compact);
        _server.Store.Suspend();
        _server.Delete("services", "default", "s0003");
        _server.Delete("services", "default", "s1200");
        _server.Create(TestObjects.Service("default", "s9999"));
        _server.Store.ExpireWatches();

        await TestWait.UntilAsync(() => informer.ListCount == 2, "relisted");
        Assert.True(InSync(informer));

        // A relist also reports as Modified whatever it cannot tell unchanged; what matters is that the pages read before the
        // restart never made the rest look deleted.
        Assert.Equal(
            [(InformerEventType.Added, "default/s9999"), (InformerEventType.Deleted, "default/s0003"), (InformerEventType.Deleted, "default/s1200")],
            Changes().Skip(1234).Where(c => c.Type != InformerEventType.Modified).Order());
        Assert.Equal(
            [(null, 200), ("token", 200), ("token", 200), (null, 200), ("token", 410), (null, 200), ("token", 200), ("token", 200)],
            ServiceLists().Select(r => (r.Continue is null ? null : "token", r.StatusCode)));
        var restart = Assert.Single(logger.Entries, e => e.Message.Contains("expired after", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, restart.Level);
        Assert.Contains("services", restart.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ContinueTokenExpiresDuringFirstList_ReadyOnlyWhenComplete()
    {
        CreateServices(1234);
        BeforeContinuedPages(1, () =>
        {
            _server.Delete("services", "default", "s0001");
            _server.Store.Compact();
        });

        var informer = StartServiceInformer();
        await informer.Ready;

        Assert.Equal(1233, informer.Items.Count);
        Assert.True(InSync(informer));
        Assert.DoesNotContain(Changes(), c => c.Type == InformerEventType.Deleted);
        Assert.Equal([200, 410, 200, 200, 200], ServiceLists().Select(r => r.StatusCode));
    }

    [Fact]
    public async Task RunAsync_ContinueTokenKeepsExpiring_GivesUpAfterThreeRestartsThenBacksOffAndLists()
    {
        CreateServices(1234);
        BeforeContinuedPages(ListPager.MaxRestarts + 1, _server.Store.Compact);

        var informer = StartServiceInformer();
        await informer.Ready;

        Assert.Equal(1234, informer.Items.Count);
        var lists = ServiceLists();
        Assert.Equal(ListPager.MaxRestarts + 1, lists.Count(r => r.StatusCode == 410));

        // One list is the first page and a 410 for each of its attempts; after the backoff the next list goes through.
        Assert.Equal(Enumerable.Repeat<int[]>([200, 410], ListPager.MaxRestarts + 1).SelectMany(p => p).Concat([200, 200, 200]), lists.Select(r => r.StatusCode));
        Assert.Equal(1, informer.ListCount);
    }

    [Fact]
    public async Task RunAsync_ServerIgnoresLimit_ListsEverythingInOneResponse()
    {
        CreateServices(1234);
        _server.IgnoresLimit = true;

        var informer = StartServiceInformer();
        await informer.Ready;

        Assert.Equal(1234, informer.Items.Count);
        var list = Assert.Single(ServiceLists());
        Assert.Equal((500, null), (list.Limit, list.Continue));
    }

    [Fact]
    public async Task RunAsync_PageSizeZero_ListsWithoutLimit()
    {
        CreateServices(20);

        var informer = StartServiceInformer(listPageSize: 0);
        await informer.Ready;

        Assert.Equal(20, informer.Items.Count);
        Assert.Null(Assert.Single(ServiceLists()).Limit);
    }

    [Fact]
    public async Task RunAsync_CustomResourcesOnOlderVersion_PageInTheVersionThatAnswered()
    {
        const string Ns = "metallb-system";
        _server.Store.SetVersions("metallb.io", "bgppeers", "v1beta1");
        for (var i = 0; i < 5; i++)
        {
            _server.Create(TestObjects.BgpPeerV1Beta1(Ns, $"peer{i}"));
        }

        var endpoint = new CustomResourceEndpoint<MappedResource>(_client, "metallb.io", ["v1beta2", "v1beta1"], Ns, "bgppeers", TimeSpan.FromMinutes(5), MetalLbMapping.BgpPeer);
        var informer = new ResourceInformer<MappedResource>(endpoint, (_, _) => { }, TimeProvider.System, NullLogger.Instance, TimeSpan.FromSeconds(1), listPageSize: 2);
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        await informer.Ready;

        Assert.Equal(["peer0", "peer1", "peer2", "peer3", "peer4"], informer.Items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("v1beta1", endpoint.Version);
        var lists = _server.Requests.Where(r => r.Verb == "list" && r.Resource == "bgppeers").ToList();
        Assert.Equal(3, lists.Count);
        Assert.All(lists, r => Assert.Equal(2, r.Limit));
        Assert.Equal([false, true, true], lists.Select(r => r.Continue is not null));

        // The watch runs in the same version: a new peer arrives.
        _server.Create(TestObjects.BgpPeerV1Beta1(Ns, "peer5"));
        await TestWait.UntilAsync(() => informer.Items.ContainsKey("peer5"), "watched peer");
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
