using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

public sealed class FakeApiServerTests : IAsyncLifetime
{
    private FakeApiServer _server = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task List_Services_ReturnsItemsAndCollectionResourceVersion()
    {
        _server.Create(TestObjects.Service("default", "web"));

        var list = await _client.CoreV1.ListServiceForAllNamespacesAsync();

        Assert.Equal("web", Assert.Single(list.Items).Metadata.Name);
        Assert.Equal(_server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_FromListedVersion_StreamsOnlyLaterChanges()
    {
        _server.Create(TestObjects.Service("default", "before"));
        var list = await _client.CoreV1.ListServiceForAllNamespacesAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<(WatchEventType, string)>();

        var watching = Task.Run(async () =>
        {
            await foreach (var (type, svc) in _client.CoreV1.WatchListServiceForAllNamespacesAsync(resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                events.Add((type, svc.Metadata.Name));
                if (events.Count == 3)
                {
                    break;
                }
            }
        });
        _server.Create(TestObjects.Service("default", "after"));
        _server.Patch("services", "default", "after", """{"metadata":{"labels":{"a":"b"}}}""");
        _server.Delete("services", "default", "after");
        await watching;

        Assert.Equal([(WatchEventType.Added, "after"), (WatchEventType.Modified, "after"), (WatchEventType.Deleted, "after")], events);
    }

    [Fact]
    public async Task Watch_AfterExpire_ReportsGoneAndRefusesOldVersion()
    {
        var list = await _client.CoreV1.ListNodeAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var errors = new List<Exception>();
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in _client.CoreV1.WatchListNodeAsync(resourceVersion: list.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: cts.Token))
            {
            }
        });
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1);

        _server.Store.ExpireWatches();
        await watching;
        await foreach (var _ in _client.CoreV1.WatchListNodeAsync(resourceVersion: list.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: cts.Token))
        {
        }

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(410, Assert.IsType<KubernetesException>(e).Status.Code));
    }

    [Fact]
    public async Task Watch_WithBookmarks_DeliversBookmarkWithNewestVersion()
    {
        var list = await _client.CoreV1.ListNamespaceAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, ns) in _client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                return (type, ns.Metadata.ResourceVersion);
            }

            return default;
        });
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1);

        _server.Store.SendBookmarks();
        var (eventType, rv) = await watching;

        Assert.Equal(WatchEventType.Bookmark, eventType);
        Assert.Equal(list.Metadata.ResourceVersion, rv);
    }

    [Fact]
    public async Task PatchStatus_MergePatch_ChangesStatusAndAnnotationsButNotSpec()
    {
        _server.Create(TestObjects.Service("default", "web"));
        var patch = new V1Patch("""
            {"metadata":{"annotations":{"metallb.io/ip-allocated-from-pool":"p"}},
             "spec":{"type":"ClusterIP"},
             "status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.1"}]}}}
            """, V1Patch.PatchType.MergePatch);

        var svc = await _client.CoreV1.PatchNamespacedServiceStatusAsync(patch, "web", "default");

        Assert.Equal("192.0.2.1", Assert.Single(svc.Status.LoadBalancer.Ingress).Ip);
        Assert.Equal("p", svc.Metadata.Annotations["metallb.io/ip-allocated-from-pool"]);
        Assert.Equal("LoadBalancer", svc.Spec.Type);
    }

    [Fact]
    public async Task Patch_JsonPatch_AppliesOperations()
    {
        _server.Create(TestObjects.Service("default", "web"));
        var patch = new V1Patch("""[{"op":"add","path":"/metadata/labels","value":{"x":"y"}},{"op":"replace","path":"/spec/ports/0/port","value":8080}]""", V1Patch.PatchType.JsonPatch);

        var svc = await _client.CoreV1.PatchNamespacedServiceAsync(patch, "web", "default");

        Assert.Equal("y", svc.Metadata.Labels["x"]);
        Assert.Equal(8080, svc.Spec.Ports[0].Port);
    }

    [Fact]
    public async Task Replace_WithStaleResourceVersion_Conflicts()
    {
        var lease = await _client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "l", NamespaceProperty = "ns" },
            Spec = new V1LeaseSpec { HolderIdentity = "a" },
        }, "ns");
        lease.Spec.HolderIdentity = "b";
        await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "l", "ns");

        lease.Spec.HolderIdentity = "c";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "l", "ns"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("b", (await _client.CoordinationV1.ReadNamespacedLeaseAsync("l", "ns")).Spec.HolderIdentity);
    }

    [Fact]
    public async Task CustomObjects_VersionNotServed_NotFound()
    {
        _server.Store.SetVersions("metallb.io", "bgppeers", "v1beta1");
        _server.Create(TestObjects.BgpPeerV1Beta1("metallb-system", "r1"));

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.ListNamespacedCustomObjectAsync("metallb.io", "v1beta2", "metallb-system", "bgppeers"));
        var list = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync("metallb.io", "v1beta1", "metallb-system", "bgppeers");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("r1", list.GetProperty("items")[0].GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task CreateEvent_CoreAndEventsApi_AreStored()
    {
        await _client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.1", NamespaceProperty = "default" },
            InvolvedObject = new V1ObjectReference { Kind = "Service", Name = "web", NamespaceProperty = "default" },
            Reason = "IPAllocated",
        }, "default");
        await _client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.2", NamespaceProperty = "default" },
            Reason = "nodeAssigned",
            EventTime = DateTime.UtcNow,
        }, "default");

        Assert.Equal("IPAllocated", (string?)Assert.Single(_server.List("events", "default"))["reason"]);
        Assert.Equal("nodeAssigned", (string?)Assert.Single(_server.List("events", "default", "events.k8s.io"))["reason"]);
    }
}
