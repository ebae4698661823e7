using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.Source;

public sealed class KubernetesClusterSourceTests : IAsyncLifetime
{
    private const string Ns = "metallb-system";
    private FakeApiServer.FakeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.FakeApiServer.StartAsync();
        _server.Create(TestObjects.Namespace(Ns));
        _server.Create(TestObjects.Namespace("default"));
        _server.Create(TestObjects.Node("node-a"));
        _server.Create(TestObjects.Node("node-b"));
        _server.Create(TestObjects.Pool(Ns, "first", "\"192.0.2.0/28\""));
        _server.Create(TestObjects.L2Advertisement(Ns, "l2"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string? IngressIp(JsonObject? svc) => (string?)svc?["status"]?["loadBalancer"]?["ingress"]?[0]?["ip"];

    private static string? PoolAnnotation(JsonObject? svc) => (string?)svc?["metadata"]?["annotations"]?["metallb.io/ip-allocated-from-pool"];

    [Fact]
    public async Task WatchAsync_LoadBalancerServices_GetAddressesAndPoolAnnotationInStatus()
    {
        _server.Create(TestObjects.Service("default", "web"));
        _server.Create(TestObjects.EndpointSlice("default", "web-abc", "web", "node-a"));
        await using var harness = SourceHarness.Start(_server);

        _server.Create(TestObjects.Service("default", "api", clusterIP: "10.96.0.11"));
        await TestWait.UntilAsync(() => IngressIp(_server.Get("services", "default", "web")) is not null && IngressIp(_server.Get("services", "default", "api")) is not null, "both services have an address");

        var web = _server.Get("services", "default", "web");
        var api = _server.Get("services", "default", "api");
        Assert.Equal(["192.0.2.0", "192.0.2.1"], new[] { IngressIp(web), IngressIp(api) }.Order());
        Assert.Equal("first", PoolAnnotation(web));
        await TestWait.UntilAsync(() => _server.Get("ipaddresspools", Ns, "first", "metallb.io")?["status"]?["assignedIPv4"]?.GetValue<long>() == 2, "pool counters");
        var status = _server.Get("ipaddresspools", Ns, "first", "metallb.io")!["status"]!;
        Assert.Equal(14, status["availableIPv4"]!.GetValue<long>());
        Assert.Equal(0, status["assignedIPv6"]!.GetValue<long>());
        var state = harness.Latest!;
        Assert.True(state.IsAllocationLeader);
        Assert.Equal("node-a", Assert.Single(Assert.Single(state.EndpointSlices).Endpoints).NodeName);
        Assert.Equal(["node-a", "node-b"], state.Nodes.Select(n => n.Name));
        Assert.True(state.Configuration.Pools.ContainsKey("first"));
    }

    [Fact]
    public async Task WatchAsync_ServiceNoLongerLoadBalancer_StatusAndAnnotationCleared()
    {
        _server.Create(TestObjects.Service("default", "web"));
        await using var harness = SourceHarness.Start(_server);
        await TestWait.UntilAsync(() => IngressIp(_server.Get("services", "default", "web")) is not null, "address");

        _server.Patch("services", "default", "web", """{"spec":{"type":"ClusterIP"}}""");

        await TestWait.UntilAsync(() => _server.Get("services", "default", "web")?["status"]?["loadBalancer"]?["ingress"] is null, "status cleared");
        Assert.Null(PoolAnnotation(_server.Get("services", "default", "web")));
    }

    [Fact]
    public async Task WatchAsync_ServiceOfAnotherLoadBalancerClass_NeitherReportedNorWritten()
    {
        _server.Create(TestObjects.Service("default", "theirs", lbClass: "example.com/other"));
        _server.Patch("services", "default", "theirs", """{"status":{"loadBalancer":{"ingress":[{"ip":"198.51.100.7"}]}}}""", subresource: "status");
        _server.Create(TestObjects.Service("default", "ours", clusterIP: "10.96.0.11"));
        await using var harness = SourceHarness.Start(_server);

        await TestWait.UntilAsync(() => IngressIp(_server.Get("services", "default", "ours")) is not null, "our service allocated");
        _server.Patch("services", "default", "theirs", """{"spec":{"type":"ClusterIP"}}""");

        // Watch events arrive in order: once this one is handled, so is the patch before it.
        _server.Create(TestObjects.Service("default", "marker", clusterIP: "10.96.0.12"));
        await TestWait.UntilAsync(() => IngressIp(_server.Get("services", "default", "marker")) is not null, "marker allocated");

        Assert.Equal("198.51.100.7", IngressIp(_server.Get("services", "default", "theirs")));
        Assert.DoesNotContain(harness.Latest!.Services, s => s.Name == "theirs");
        Assert.DoesNotContain(_server.Requests, r => r.Resource == "services/status" && r.Name == "theirs");
    }

    [Fact]
    public async Task WatchAsync_LbClassSet_OnlyThatClassIsAllocated()
    {
        _server.Create(TestObjects.Service("default", "plain"));
        _server.Create(TestObjects.Service("default", "classy", clusterIP: "10.96.0.11", lbClass: "ingot.io/lb"));
        await using var harness = SourceHarness.Start(_server, configure: o => o.LoadBalancerClass = "ingot.io/lb");

        await TestWait.UntilAsync(() => IngressIp(_server.Get("services", "default", "classy")) is not null, "classy allocated");

        Assert.Null(IngressIp(_server.Get("services", "default", "plain")));
        Assert.Equal(["classy"], harness.Latest!.Services.Select(s => s.Name));
    }

    [Fact]
    public async Task WatchAsync_InvalidConfiguration_KeepsLastGoodAndSetsConfigurationStateInvalid()
    {
        await using var harness = SourceHarness.Start(_server);
        using var metrics = new ClientMetricsProbe(harness.Source.Metrics.Meter);
        await TestWait.UntilAsync(() => (string?)_server.Get("configurationstates", Ns, "speaker-node-a", "metallb.io")?["status"]?["result"] == "Valid", "valid state");
        await TestWait.UntilAsync(() => (string?)_server.Get("configurationstates", Ns, "controller", "metallb.io")?["status"]?["result"] == "Valid", "controller state");
        Assert.Equal(1, metrics.Read("metallb_k8s_client_config_loaded_bool"));
        Assert.Equal(0, metrics.Read("metallb_k8s_client_config_stale_bool"));

        // Overlaps "first": MetalLB refuses the whole configuration.
        _server.Create(TestObjects.Pool(Ns, "overlap", "\"192.0.2.8/29\""));
        await TestWait.UntilAsync(() => harness.Latest?.ConfigurationStale == true, "stale snapshot");
        Assert.True(metrics.Read("metallb_k8s_client_updates_total") >= 1);
        _server.Create(TestObjects.Service("default", "web"));

        await TestWait.UntilAsync(() => IngressIp(_server.Get("services", "default", "web")) is not null, "allocated from the last good configuration");
        Assert.Equal("192.0.2.0", IngressIp(_server.Get("services", "default", "web")));
        Assert.Equal(["first"], harness.Latest!.Configuration.Pools.Keys);
        Assert.Contains(harness.Latest.ConfigurationErrors, e => e.Message.Contains("overlap", StringComparison.OrdinalIgnoreCase));
        await TestWait.UntilAsync(() => (string?)_server.Get("configurationstates", Ns, "speaker-node-a", "metallb.io")?["status"]?["result"] == "Invalid", "invalid state");
        var state = _server.Get("configurationstates", Ns, "speaker-node-a", "metallb.io")!;
        Assert.Contains("overlap", (string?)state["status"]!["errorSummary"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("False", (string?)state["status"]!["conditions"]![0]!["status"]);
        Assert.Equal("speaker", (string?)state["metadata"]!["labels"]!["metallb.io/component-type"]);
        Assert.Equal(1, metrics.Read("metallb_k8s_client_config_stale_bool"));
        Assert.True(metrics.Read("metallb_k8s_client_update_errors_total") >= 1);

        _server.Delete("ipaddresspools", Ns, "overlap", "metallb.io");
        await TestWait.UntilAsync(() => (string?)_server.Get("configurationstates", Ns, "speaker-node-a", "metallb.io")?["status"]?["result"] == "Valid", "valid again");
        Assert.False(harness.Latest!.ConfigurationStale);
        Assert.Equal(0, metrics.Read("metallb_k8s_client_config_stale_bool"));
    }

    [Fact]
    public async Task WriteStatusAsync_RepeatedReconciles_EventsOncePerTransition()
    {
        _server.Create(TestObjects.Service("default", "web"));
        _server.Create(TestObjects.Service("default", "lost", clusterIP: "10.96.0.11", annotations: """{"metallb.io/address-pool":"nope"}"""));
        await using var harness = SourceHarness.Start(_server);
        await TestWait.UntilAsync(() => IngressIp(_server.Get("services", "default", "web")) is not null, "address");

        // Unrelated changes make the pipeline run again and again.
        for (var i = 0; i < 5; i++)
        {
            _server.Patch("nodes", null, "node-a", "{\"metadata\":{\"labels\":{\"round\":\"" + i + "\"}}}");
            await harness.NextSnapshotAsync();
        }

        await TestWait.UntilAsync(() => _server.List("events", "default").Any(e => (string?)e["reason"] == "AllocationFailed"), "failure event");
        await TestWait.UntilAsync(() => _server.List("events", "default").Any(e => (string?)e["reason"] == "IPAllocated"), "allocation event");
        var events = _server.List("events", "default");
        Assert.Single(events, e => (string?)e["reason"] == "IPAllocated" && (string?)e["involvedObject"]!["name"] == "web");
        var failed = Assert.Single(events, e => (string?)e["reason"] == "AllocationFailed");
        Assert.Equal("lost", (string?)failed["involvedObject"]!["name"]);
        Assert.Equal("Warning", (string?)failed["type"]);
        Assert.Single(_server.Requests, r => r.Resource == "services/status" && r.Name == "web");
    }

    [Fact]
    public async Task WatchAsync_BgpPeerV1Beta2NotServed_ReadsV1Beta1AndReferencedSecret()
    {
        _server.Store.SetVersions("metallb.io", "bgppeers", "v1beta1");
        _server.Create(TestObjects.BgpPeerV1Beta1(Ns, "router"));
        await using var harness = SourceHarness.Start(_server);

        await TestWait.UntilAsync(() => harness.Latest is not null, "snapshot");

        var peer = Assert.Single(harness.Latest!.Configuration.Peers).Value;
        Assert.NotNull(peer);
        Assert.False(harness.Latest.ConfigurationStale, string.Join("; ", harness.Latest.ConfigurationErrors));
    }

    [Fact]
    public async Task WatchAsync_PeerPasswordSecret_ResolvedFromWatchedSecret()
    {
        _server.Create(TestObjects.BgpPeer(Ns, "router", passwordSecret: "bgp-auth"));
        await using var harness = SourceHarness.Start(_server);
        await TestWait.UntilAsync(() => harness.Latest?.ConfigurationStale == true, "missing secret refuses the configuration");

        _server.Create(TestObjects.Secret(Ns, "bgp-auth", "s3cret"));

        await TestWait.UntilAsync(() => harness.Latest is { ConfigurationStale: false } s && s.Configuration.Peers.ContainsKey("router"), "secret resolves the peer");
    }

    [Fact]
    public async Task WatchAsync_PagesOfOne_EveryResourceListedCompletelyThroughContinueTokens()
    {
        _server.Create(TestObjects.Pool(Ns, "second", "\"198.51.100.0/28\""));
        _server.Create(TestObjects.BgpPeer(Ns, "router-a", passwordSecret: "bgp-auth"));
        _server.Create(TestObjects.BgpPeer(Ns, "router-b").Replace("192.0.2.254", "192.0.2.253", StringComparison.Ordinal));
        _server.Create(TestObjects.Secret(Ns, "bgp-auth", "s3cret"));
        _server.Create(TestObjects.Secret(Ns, "unrelated", "x"));
        _server.Create(TestObjects.Service("default", "web"));
        _server.Create(TestObjects.Service("default", "api", clusterIP: "10.96.0.11"));
        _server.Create(TestObjects.EndpointSlice("default", "web-abc", "web", "node-a"));
        _server.Create(TestObjects.EndpointSlice("default", "api-abc", "api", "node-b"));
        await using var harness = SourceHarness.Start(_server, configure: o => o.ListPageSize = 1);

        await TestWait.UntilAsync(() => harness.Latest is not null, "snapshot");

        var state = harness.Latest!;
        Assert.False(state.ConfigurationStale, string.Join("; ", state.ConfigurationErrors));
        Assert.Equal(["api", "web"], state.Services.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["api-abc", "web-abc"], state.EndpointSlices.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["node-a", "node-b"], state.Nodes.Select(n => n.Name));
        Assert.Equal(2, state.Namespaces.Count);
        Assert.Equal(["first", "second"], state.Configuration.Pools.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["router-a", "router-b"], state.Configuration.Peers.Keys.Order(StringComparer.Ordinal));

        // Every informer sent limit=1, and each resource with two objects needed a continued page.
        var lists = _server.Requests.Where(r => r.Verb == "list" && r.StatusCode == 200).ToList();
        Assert.All(lists.Where(r => r.Resource is not ("servicel2statuses" or "servicebgpstatuses")), r => Assert.Equal(1, r.Limit));
        Assert.All(new[] { "services", "endpointslices", "nodes", "namespaces", "secrets", "ipaddresspools", "bgppeers" },
            resource => Assert.Contains(lists, r => r.Resource == resource && r.Continue is not null));
    }

    [Fact]
    public async Task WatchAsync_WrongFieldType_ReportedWithObjectAndField()
    {
        _server.Create("""{"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"bad","namespace":"metallb-system"},"spec":{"addresses":"192.0.2.64/28"}}""");
        await using var harness = SourceHarness.Start(_server);

        await TestWait.UntilAsync(() => harness.Latest is not null, "snapshot");

        var error = Assert.Single(harness.Latest!.ConfigurationErrors, e => e.Message.StartsWith("spec.addresses:", StringComparison.Ordinal));
        Assert.Equal("IPAddressPool/bad: spec.addresses: expected a list of strings, got string \"192.0.2.64/28\"", error.ToString());
        Assert.True(harness.Latest.ConfigurationStale);
    }
}
