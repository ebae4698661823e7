using Ingot.Plugins.K8sSource.Client;
using Ingot.Plugins.K8sSource.Informers;
using Ingot.Plugins.K8sSource.Mapping;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.K8sSource.Tests.Client;

/// <summary>The client built by <see cref="KubernetesClientFactory"/> refuses answers over its size and nesting limits, over real
/// HTTP from the fake API server, and an informer behind it keeps its last good copy until the answers are sane again.</summary>
public sealed class ResponseLimitTests : IAsyncLifetime
{
    private static readonly ApiResponseLimits s_small = new(MaxBodyBytes: 64 << 10, MaxWatchEventBytes: 16 << 10, MaxDepth: ApiResponseLimits.Default.MaxDepth);
    private readonly CancellationTokenSource _stop = new();
    private FakeApiServer.FakeApiServer _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.FakeApiServer.StartAsync();
        _client = KubernetesClientFactory.Create(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() }, s_small);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task List_BodyOverSizeLimit_RefusedNamingResourceAndLimit()
    {
        _server.Create(TestObjects.Service("default", "big", annotations: BigAnnotation(100 << 10)));

        var e = await Assert.ThrowsAnyAsync<Exception>(() => _client.CoreV1.ListServiceForAllNamespacesAsync());

        var refused = Refusal(e);
        Assert.Equal("list of services", refused.Request);
        Assert.Contains("the size limit of 64 KiB", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NestedBeyondDepthLimit_RefusedNamingObjectAndLimit()
    {
        // Written raw: the fake server's own JSON parser would refuse to store it.
        var deep = new string('[', 5000) + new string(']', 5000);
        _server.Intercept = async (context, request) =>
        {
            if (request.Verb != "get")
            {
                return false;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"},"spec":{"podCIDRs":""" + deep + "}}");
            return true;
        };

        var e = await Assert.ThrowsAnyAsync<Exception>(() => _client.CoreV1.ReadNodeAsync("node-a"));

        var refused = Refusal(e);
        Assert.Equal("get of nodes node-a", refused.Request);
        Assert.Contains("the nesting limit of 64 levels", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_BracketsInsideStrings_AreNotNesting()
    {
        // 5,000 brackets and escaped quotes inside one annotation value: text, not structure.
        var value = string.Concat(Enumerable.Repeat("[{\\\"", 5000));
        _server.Create(TestObjects.Service("default", "brackets", annotations: "{\"note\":\"" + value + "\"}"));

        var list = await _client.CoreV1.ListServiceForAllNamespacesAsync();

        Assert.Equal(string.Concat(Enumerable.Repeat("[{\"", 5000)), Assert.Single(list.Items).Metadata.Annotations["note"]);
    }

    [Fact]
    public async Task Informer_OversizedObjectArrives_KeepsLastGoodCopyListsAgainAndRecovers()
    {
        _server.Create(TestObjects.Service("default", "web"));
        var informer = StartServiceInformer();
        await informer.Ready.WaitAsync(TimeSpan.FromSeconds(60));

        // The watch event carrying it is over the 16 KiB event limit, and so is every list page holding it (64 KiB).
        _server.Create(TestObjects.Service("default", "big", annotations: BigAnnotation(100 << 10)));
        await TestWait.UntilAsync(() => informer.Refused >= 2, "the watch event and then the list refused");

        Assert.Equal(["default/web"], informer.Items.Keys.Order(StringComparer.Ordinal));
        var listsBefore = informer.ListCount;

        _server.Delete("services", "default", "big");
        _server.Create(TestObjects.Service("default", "api"));
        await TestWait.UntilAsync(() => informer.Items.ContainsKey("default/api"), "the informer back in sync");

        Assert.Equal(["default/api", "default/web"], informer.Items.Keys.Order(StringComparer.Ordinal));
        Assert.True(informer.ListCount > listsBefore, "a fresh list after the refusals");
    }

    [Fact]
    public async Task Informer_WatchEventNestedTooDeep_RefusedThenRelisted()
    {
        _server.Create(TestObjects.Service("default", "web"));
        var informer = StartServiceInformer();
        await informer.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        await TestWait.UntilAsync(() => _server.Store.OpenWatches == 1, "the watch open");
        var lists = informer.ListCount;

        _server.InjectWatchLine("services", """{"type":"MODIFIED","object":{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"default"},"spec":{"x":"""
            + new string('[', 200) + new string(']', 200) + "}}}");
        await TestWait.UntilAsync(() => informer.Refused == 1 && informer.ListCount > lists, "the event refused and a fresh list");

        Assert.Equal(["default/web"], informer.Items.Keys);
    }

    private ResourceInformer<Ingot.Sdk.Cluster.ServiceInfo> StartServiceInformer()
    {
        var endpoint = new TypedEndpoint<V1ServiceList, V1Service, Ingot.Sdk.Cluster.ServiceInfo>("services",
            (limit, next, ct) => _client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct),
            (rv, onError, ct) => _client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            CoreMapping.ToServiceInfo);
        var informer = new ResourceInformer<Ingot.Sdk.Cluster.ServiceInfo>(endpoint, (_, _) => { }, TimeProvider.System, NullLogger.Instance, TimeSpan.FromMilliseconds(500));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        return informer;
    }

    private static string BigAnnotation(int bytes) => "{\"blob\":\"" + new string('x', bytes) + "\"}";

    private static ApiResponseLimitException Refusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is ApiResponseLimitException refused)
            {
                return refused;
            }
        }

        throw new Xunit.Sdk.XunitException("not refused by a limit: " + e);
    }
}
