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
    public async Task List_WithLimit_PagesThroughContinueTokensAtTheFirstPagesVersion()
    {
        for (var i = 0; i < 7; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i}"));
        }

        var first = await _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 3);
        var second = await _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 3, continueParameter: first.Metadata.ContinueProperty);
        var third = await _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 3, continueParameter: second.Metadata.ContinueProperty);

        Assert.Equal(["s0", "s1", "s2"], first.Items.Select(s => s.Metadata.Name));
        Assert.Equal(["s3", "s4", "s5"], second.Items.Select(s => s.Metadata.Name));
        Assert.Equal(["s6"], third.Items.Select(s => s.Metadata.Name));
        Assert.Equal([4L, 1L, null], new[] { first, second, third }.Select(l => l.Metadata.RemainingItemCount));
        Assert.Null(third.Metadata.ContinueProperty);
        Assert.All(new[] { second, third }, l => Assert.Equal(first.Metadata.ResourceVersion, l.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task List_ChangesBetweenPages_LaterPagesStillReadTheFirstPagesSnapshot()
    {
        for (var i = 0; i < 6; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i}"));
        }

        var first = await _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 2);
        _server.Delete("services", "default", "s4");
        _server.Delete("services", "default", "s0");
        _server.Patch("services", "default", "s3", """{"metadata":{"labels":{"changed":"yes"}}}""");
        _server.Create(TestObjects.Service("default", "s9"));
        var rest = await _client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: first.Metadata.ContinueProperty);

        Assert.Equal(["s2", "s3", "s4", "s5"], rest.Items.Select(s => s.Metadata.Name));
        Assert.False(rest.Items.Single(s => s.Metadata.Name == "s3").Metadata.Labels?.ContainsKey("changed") == true);
        Assert.Equal(first.Metadata.ResourceVersion, rest.Metadata.ResourceVersion);
        Assert.Null(rest.Metadata.ContinueProperty);

        // A new list sees the writes.
        Assert.Equal(["s1", "s2", "s3", "s5", "s9"], (await _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 10)).Items.Select(s => s.Metadata.Name));
    }

    [Fact]
    public async Task List_ContinueAfterCompaction_Answers410ExpiredStatus()
    {
        _server.Create(TestObjects.Service("default", "a"));
        _server.Create(TestObjects.Service("default", "b"));
        var first = await _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 1);

        _server.Store.Compact();
        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 1, continueParameter: first.Metadata.ContinueProperty));

        Assert.Equal(System.Net.HttpStatusCode.Gone, error.Response.StatusCode);
        var status = JsonSerializer.Deserialize<V1Status>(error.Response.Content)!;
        Assert.Equal(("Status", "v1", "Failure", "Expired", 410), (status.Kind, status.ApiVersion, status.Status, status.Reason, status.Code));
        Assert.False(string.IsNullOrEmpty(status.Message));
    }

    [Fact]
    public async Task List_LimitZeroOrAbsent_ReturnsEverythingWithoutContinue()
    {
        for (var i = 0; i < 3; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i}"));
        }

        var zero = await _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 0);
        var absent = await _client.CoreV1.ListServiceForAllNamespacesAsync();

        Assert.All(new[] { zero, absent }, l =>
        {
            Assert.Equal(3, l.Items.Count);
            Assert.Null(l.Metadata.ContinueProperty);
            Assert.Null(l.Metadata.RemainingItemCount);
        });
    }

    [Fact]
    public async Task List_ServerIgnoresLimit_ReturnsEverythingWithoutContinue()
    {
        for (var i = 0; i < 3; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i}"));
        }

        _server.IgnoresLimit = true;
        var list = await _client.CoreV1.ListServiceForAllNamespacesAsync(limit: 1);

        Assert.Equal(3, list.Items.Count);
        Assert.Null(list.Metadata.ContinueProperty);
        Assert.Equal(1, _server.Requests.Single(r => r.Verb == "list").Limit);
    }

    [Fact]
    public async Task List_WithSelectorAndLimit_PagesMatchingObjectsWithoutRemainingCount()
    {
        for (var i = 0; i < 6; i++)
        {
            _server.Create(TestObjects.Service(i % 2 == 0 ? "even" : "odd", $"s{i}", labels: $$"""{"parity":"{{(i % 2 == 0 ? "even" : "odd")}}"}"""));
        }

        var first = await _client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: "parity=odd", limit: 2);
        var rest = await _client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: "parity=odd", limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var inNamespace = await _client.CoreV1.ListNamespacedServiceAsync("even", limit: 5);

        Assert.Equal(["s1", "s3"], first.Items.Select(s => s.Metadata.Name));
        Assert.Null(first.Metadata.RemainingItemCount);
        Assert.Equal(["s5"], rest.Items.Select(s => s.Metadata.Name));
        Assert.Equal(["s0", "s2", "s4"], inNamespace.Items.Select(s => s.Metadata.Name));
    }

    [Fact]
    public async Task List_InvalidContinueOrLimit_AnswersBadRequest()
    {
        var badToken = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNodeAsync(continueParameter: "not-a-token"));
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        using var badLimit = await http.GetAsync(new Uri("/api/v1/nodes?limit=many", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badToken.Response.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task List_RequestsRecordLimitAndContinueAsSent()
    {
        _server.Create(TestObjects.Node("n1"));
        _server.Create(TestObjects.Node("n2"));

        var first = await _client.CoreV1.ListNodeAsync(limit: 1);
        await _client.CoreV1.ListNodeAsync(limit: 1, continueParameter: first.Metadata.ContinueProperty);
        await _client.CoreV1.ListNodeAsync();

        Assert.Equal(
            [(1, null), (1, first.Metadata.ContinueProperty), (null, null)],
            _server.Requests.Where(r => r.Verb == "list").Select(r => (r.Limit, r.Continue)));
    }

    [Fact]
    public async Task CustomObjects_ListWithLimit_Pages()
    {
        for (var i = 0; i < 3; i++)
        {
            _server.Create(TestObjects.Pool("metallb-system", $"p{i}", "\"192.0.2.0/28\""));
        }

        var first = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync("metallb.io", "v1beta1", "metallb-system", "ipaddresspools", limit: 2);
        var token = first.GetProperty("metadata").GetProperty("continue").GetString();
        var rest = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync("metallb.io", "v1beta1", "metallb-system", "ipaddresspools", limit: 2, continueParameter: token);

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, first.GetProperty("metadata").GetProperty("remainingItemCount").GetInt64());
        Assert.Equal("p2", rest.GetProperty("items")[0].GetProperty("metadata").GetProperty("name").GetString());
        Assert.False(rest.GetProperty("metadata").TryGetProperty("continue", out _));
    }

    [Fact]
    public void ContinueToken_RoundTripsAndRefusesOtherText()
    {
        var token = new ContinueToken(1234, "default/web");

        Assert.True(ContinueToken.TryDecode(token.Encode(), out var decoded));
        Assert.Equal(token, decoded);
        Assert.False(ContinueToken.TryDecode("%%%", out _));
        Assert.False(ContinueToken.TryDecode(Convert.ToBase64String("{\"rv\":0,\"start\":\"x\"}"u8), out _));
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
