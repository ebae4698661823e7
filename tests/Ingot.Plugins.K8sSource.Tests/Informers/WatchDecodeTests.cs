using Ingot.Plugins.K8sSource.Client;
using Ingot.Plugins.K8sSource.Informers;
using Ingot.Plugins.K8sSource.Mapping;
using Ingot.Sdk.Cluster;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.K8sSource.Tests.Informers;

/// <summary>A watch event that cannot be decoded, sent by the fake API server in the middle of a watch, makes the informer
/// drop that watch and list again, without applying anything that came after it on the same stream.</summary>
public sealed class WatchDecodeTests : IAsyncLifetime
{
    private const string Ns = "metallb-system";
    private readonly CancellationTokenSource _stop = new();
    private FakeApiServer.FakeApiServer _server = null!;
    private IKubernetes _client = null!;

    public static TheoryData<string, string> ServiceLines => new()
    {
        { "garbage", "this is not JSON {" },
        { "wrong type", """{"type":"MODIFIED","object":{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"default"},"spec":{"ports":"eighty"}}}""" },
        { "unknown event type", """{"type":"EXPLODED","object":{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"default"}}}""" },
        { "object without metadata", """{"type":"ADDED","object":{"kind":"Service","apiVersion":"v1","spec":{"type":"LoadBalancer"}}}""" },
        { "object without a name", """{"type":"ADDED","object":{"kind":"Service","apiVersion":"v1","metadata":{"namespace":"default"}}}""" },
        { "null object", """{"type":"ADDED","object":null}""" },
        { "not an object", """["ADDED"]""" },
    };

    public static TheoryData<string, string> PoolLines => new()
    {
        { "garbage", "\u0001\u0002 not JSON" },
        { "object without metadata", """{"type":"ADDED","object":{"kind":"IPAddressPool","apiVersion":"metallb.io/v1beta1","spec":{"addresses":["198.51.100.0/24"]}}}""" },
        { "metadata of the wrong type", """{"type":"MODIFIED","object":{"kind":"IPAddressPool","apiVersion":"metallb.io/v1beta1","metadata":"first"}}""" },
    };

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.FakeApiServer.StartAsync();
        _client = KubernetesClientFactory.Create(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    [Theory]
    [MemberData(nameof(ServiceLines))]
    public async Task ServiceWatch_UndecodableLine_DropsWatchRelistsAndAppliesNothingAfterIt(string what, string line)
    {
        _server.Create(TestObjects.Service("default", "web"));
        var informer = Start(ServiceEndpoint());
        await informer.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "the first watch open");
        var lists = informer.ListCount;

        // Behind the bad line, on the same stream, an event for an object the server does not hold: applying it would put a
        // Service into the copy that a list never shows.
        _server.InjectWatchLine("services", line);
        _server.InjectWatchLine("services", """{"type":"ADDED","object":{"kind":"Service","apiVersion":"v1","metadata":{"name":"ghost","namespace":"default","resourceVersion":"99999"},"spec":{"type":"LoadBalancer"}}}""");
        await TestWait.UntilAsync(() => informer.Refused == 1 && informer.ListCount == lists + 1, what + ": refused, then a fresh list");

        // The fresh list is followed by a watch from its resourceVersion, which delivers what happens next.
        _server.Create(TestObjects.Service("default", "api", clusterIP: "10.96.0.11"));
        await TestWait.UntilAsync(() => informer.Items.ContainsKey("default/api"), what + ": the new watch delivers");

        Assert.Equal(["default/api", "default/web"], informer.Items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, informer.Refused);
        var watches = _server.Requests.Where(r => r.Verb == "watch" && r.Resource == "services").ToList();
        Assert.Equal(2, watches.Count);
    }

    [Theory]
    [MemberData(nameof(PoolLines))]
    public async Task CustomResourceWatch_UndecodableLine_DropsWatchAndRelists(string what, string line)
    {
        _server.Create(TestObjects.Pool(Ns, "first", "\"192.0.2.0/28\""));
        var informer = Start(new CustomResourceEndpoint<MappedResource>(_client, "metallb.io", ["v1beta1"], Ns, "ipaddresspools", TimeSpan.FromMinutes(5),
            MetalLbMapping.IPAddressPool));
        await informer.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "the first watch open");
        var lists = informer.ListCount;

        _server.InjectWatchLine("ipaddresspools", line, "metallb.io");
        await TestWait.UntilAsync(() => informer.Refused == 1 && informer.ListCount == lists + 1, what + ": refused, then a fresh list");
        _server.Create(TestObjects.Pool(Ns, "second", "\"198.51.100.0/28\""));
        await TestWait.UntilAsync(() => informer.Items.ContainsKey("second"), what + ": the new watch delivers");

        Assert.Equal(["first", "second"], informer.Items.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_ItemWithoutName_RefusedAndLastGoodCopyKept()
    {
        _server.Create(TestObjects.Service("default", "web"));
        var informer = Start(ServiceEndpoint());
        await informer.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        var broken = true;
        _server.Intercept = async (context, request) =>
        {
            if (request.Verb != "list" || !Volatile.Read(ref broken))
            {
                return false;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"kind":"ServiceList","apiVersion":"v1","metadata":{"resourceVersion":"5000"},"items":[{"metadata":{"namespace":"default"}}]}""");
            return true;
        };

        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "the first watch open");
        _server.InjectWatchLine("services", "garbage");
        await TestWait.UntilAsync(() => informer.Refused >= 2, "the watch and then the list refused");

        Assert.Equal(["default/web"], informer.Items.Keys);
        Volatile.Write(ref broken, false);
        _server.Create(TestObjects.Service("default", "api", clusterIP: "10.96.0.11"));
        await TestWait.UntilAsync(() => informer.Items.ContainsKey("default/api"), "listed again once the answers are sane");
    }

    [Fact]
    public async Task Source_UndecodableEvent_CountedInRefusedAnswersMetric()
    {
        _server.Create(TestObjects.Namespace(Ns));
        _server.Create(TestObjects.Node("node-a"));
        await using var harness = SourceHarness.Start(_server);
        using var metrics = new Source.ClientMetricsProbe(harness.Source.Metrics.Meter);
        await TestWait.UntilAsync(() => harness.Snapshots > 0 && _server.Store.OpenWatches >= 11, "the source watching");
        var nodeLists = _server.Requests.Count(r => r.Verb == "list" && r.Resource == "nodes");

        _server.InjectWatchLine("nodes", "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Node\"");
        await TestWait.UntilAsync(() => metrics.Read("ingot_k8s_client_answers_refused_total") == 1
            && _server.Requests.Count(r => r.Verb == "list" && r.Resource == "nodes") == nodeLists + 1, "counted and listed again");

        Assert.Equal(["node-a"], harness.Latest!.Nodes.Select(n => n.Name));
    }

    private TypedEndpoint<V1ServiceList, V1Service, ServiceInfo> ServiceEndpoint() => new("services",
        (limit, next, ct) => _client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct),
        (rv, onError, ct) => _client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
        CoreMapping.ToServiceInfo);

    private ResourceInformer<T> Start<T>(IResourceEndpoint<T> endpoint)
        where T : class
    {
        var informer = new ResourceInformer<T>(endpoint, (_, _) => { }, TimeProvider.System, NullLogger.Instance, TimeSpan.FromMilliseconds(500));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        return informer;
    }
}
