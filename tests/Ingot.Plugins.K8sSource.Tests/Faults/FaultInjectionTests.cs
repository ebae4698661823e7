using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Ingot.Plugins.K8sSource.Tests.Faults;

/// <summary>
/// The real source, with the real allocator, against a fake API server that misbehaves (issue 16, fault injection): each
/// fault is on for a fixed window, during which the requests it hits are counted; the bound is a count that a source retrying
/// in a loop would pass within milliseconds. Afterwards every Service must get its address written, none lost.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Ns = "metallb-system";
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(3);
    private FakeApiServer.FakeApiServer _server = null!;
    private volatile bool _faulty;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.FakeApiServer.StartAsync();
        _server.Create(TestObjects.Namespace(Ns));
        _server.Create(TestObjects.Namespace("default"));
        _server.Create(TestObjects.Node("node-a"));
        _server.Create(TestObjects.Pool(Ns, "first", "\"192.0.2.0/28\""));
        _server.Create(TestObjects.L2Advertisement(Ns, "l2"));
        for (var i = 0; i < 3; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i}", clusterIP: $"10.96.0.{10 + i}"));
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TooManyRequests_RetryAfterHonoured_FewListsThenConverges()
    {
        // Retry-After 2 s against a backoff capped at 0.25 s: only honouring the header keeps the count this low.
        _server.Intercept = (context, request) => _faulty && request is { Verb: "list", Resource: "services" }
            ? FaultResponses.StatusAsync(context, 429, "TooManyRequests", "the server has received too many requests", retryAfterSeconds: 2)
            : Task.FromResult(false);

        var counted = await RunFaultWindowAsync(r => r is { Verb: "list", Resource: "services" }, o => o.MaxBackoff = TimeSpan.FromMilliseconds(250));

        Assert.InRange(counted.Count, 1, 3);
        Assert.All(counted, r => Assert.Equal(429, r.StatusCode));
    }

    [Fact]
    public async Task ServerErrors_500OnEveryListAndWatch_BackoffThenConverges()
    {
        _server.Intercept = (context, request) => _faulty && request.Verb is "list" or "watch" && request.Resource is "services" or "endpointslices"
            ? FaultResponses.StatusAsync(context, 500, "InternalError", "etcdserver: request timed out")
            : Task.FromResult(false);

        var counted = await RunFaultWindowAsync(r => r.Resource is "services" or "endpointslices" && r.Verb is "list" or "watch");

        // Two resources, backoff 0.5 s, 1 s, 1 s …: about 4 attempts each in 3 s.
        Assert.InRange(counted.Count, 2, 16);
    }

    [Fact]
    public async Task Stall_FiveSecondList_WaitedOutWithoutSecondRequest()
    {
        var stalls = 0;
        _server.Intercept = async (context, request) =>
        {
            if (request is { Verb: "list", Resource: "services" } && Interlocked.Increment(ref stalls) == 1)
            {
                // Then answered normally: the client must simply wait.
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            }

            return false;
        };
        await using var harness = SourceHarness.Start(_server);

        await WaitAllAddressedAsync();

        Assert.Single(_server.Requests, r => r is { Verb: "list", Resource: "services" });
    }

    [Fact]
    public async Task ConnectionReset_MidWatch_ResumesWithoutRelistAndBoundedReconnects()
    {
        var watches = new List<HttpContext>();
        _server.Intercept = (context, request) =>
        {
            if (request is { Verb: "watch", Resource: "services" })
            {
                lock (watches)
                {
                    watches.Add(context);
                }
            }

            return Task.FromResult(false);
        };
        await using var harness = SourceHarness.Start(_server);
        await WaitAllAddressedAsync();
        var lists = ServiceLists();
        var before = _server.Requests.Count;

        // Reset every open Services watch every 50 ms for the window, creating Services meanwhile.
        var end = DateTime.UtcNow + s_window;
        for (var i = 0; DateTime.UtcNow < end; i++)
        {
            lock (watches)
            {
                foreach (var w in watches)
                {
                    w.Abort();
                }

                watches.Clear();
            }

            if (i % 10 == 0 && i < 50)
            {
                _server.Create(TestObjects.Service("default", $"late{i}", clusterIP: $"10.96.1.{i}"));
            }

            await Task.Delay(50);
        }

        var reconnects = _server.Requests.Skip(before).Count(r => r is { Verb: "watch", Resource: "services" });
        output.WriteLine($"{reconnects} watch reconnects in {s_window.TotalSeconds} s of resets every 50 ms");
        _server.Intercept = null;
        await WaitAllAddressedAsync();

        Assert.InRange(reconnects, 1, 10);

        // A reset loses nothing the log still holds: the watch resumes from its resourceVersion, no list needed.
        Assert.Equal(lists, ServiceLists());
    }

    [Fact]
    public async Task Gone_OnListContinue_PagerRestartsBoundedThenConverges()
    {
        _server.Intercept = (context, request) => _faulty && request is { Verb: "list", Resource: "services", Continue: not null }
            ? FaultResponses.StatusAsync(context, 410, "Expired", "The provided continue parameter is too old to display a consistent list result.")
            : Task.FromResult(false);

        var counted = await RunFaultWindowAsync(r => r is { Verb: "list", Resource: "services" }, o => o.ListPageSize = 1);

        // Each informer attempt is four tries (one and three restarts) of a first page and an expired continue; about four
        // attempts fit in the window.
        Assert.InRange(counted.Count, 8, 48);
        Assert.Contains(counted, r => r.StatusCode == 410);
    }

    [Fact]
    public async Task Conflict_OnStatusWrites_RetriedUntilEveryStatusIsWritten()
    {
        _server.Intercept = (context, request) => _faulty && request is { Verb: "patch", Resource: "services/status" }
            ? FaultResponses.StatusAsync(context, 409, "Conflict", "Operation cannot be fulfilled on services: the object has been modified")
            : Task.FromResult(false);

        var counted = await RunFaultWindowAsync(r => r is { Verb: "patch", Resource: "services/status" });

        // Three Services, retried after 0.5 s, 1 s, 1 s …, one pass at a time.
        Assert.InRange(counted.Count, 3, 30);
        Assert.All(counted, r => Assert.Equal(409, r.StatusCode));
    }

    [Fact]
    public async Task OverNestedAnswerToStatusWrites_CountsAsFailedWriteAndIsRetried()
    {
        _server.Intercept = async (context, request) =>
        {
            if (!_faulty || request is not { Verb: "patch", Resource: "services/status" })
            {
                return false;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new string('[', 5000) + new string(']', 5000));
            return true;
        };

        var counted = await RunFaultWindowAsync(r => r is { Verb: "patch", Resource: "services/status" });

        Assert.InRange(counted.Count, 3, 30);
    }

    /// <summary>Starts the source with the fault on, counts the requests <paramref name="counts"/> picks during the window,
    /// turns the fault off and waits until every Service has its address in status.</summary>
    private async Task<List<FakeApiServer.RecordedRequest>> RunFaultWindowAsync(Func<FakeApiServer.RecordedRequest, bool> counts,
        Action<K8sSourceOptions>? configure = null)
    {
        _faulty = true;
        var before = _server.Requests.Count;
        await using var harness = SourceHarness.Start(_server, configure: configure);
        await Task.Delay(s_window);
        var counted = _server.Requests.Skip(before).Where(counts).ToList();
        output.WriteLine($"{counted.Count} requests hit by the fault in {s_window.TotalSeconds} s ({string.Join(", ", counted.GroupBy(r => $"{r.Verb} {r.Resource} {r.StatusCode}").Select(g => $"{g.Count()}x {g.Key}"))})");

        // While the fault lasts, nothing gets through: the source is not ready, or its writes are refused.
        Assert.All(_server.List("services"), s => Assert.Null(IngressIp(s)));
        _faulty = false;
        await WaitAllAddressedAsync();
        return counted;
    }

    private async Task WaitAllAddressedAsync()
        => await TestWait.UntilAsync(() => _server.List("services").All(s => IngressIp(s) is not null), "every Service has its address in status");

    private int ServiceLists() => _server.Requests.Count(r => r is { Verb: "list", Resource: "services" });

    private static string? IngressIp(JsonObject? svc) => (string?)svc?["status"]?["loadBalancer"]?["ingress"]?[0]?["ip"];
}
