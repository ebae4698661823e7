using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Ingot.Plugins.K8sSource.Tests.FakeApiServer;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Sources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

// Benchmark of the Kubernetes source against the in-process fake API server (real HTTP on loopback, real KubernetesClient):
//  1. latency from a Service's creation at the API server to its status write by the pipeline (source → ipam → status),
//     p50/p99 over N Services, paced and as one burst; reference: the same create→status-patch round trip done directly
//     by a client (the floor any watcher-based controller pays), measured in the same run;
//  2. managed memory the source retains for 10,000 Services + 10,000 EndpointSlices; reference: their JSON size.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var memoryObjects = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
Console.WriteLine($"ingot k8s-source benchmark: {count} Services for latency, {memoryObjects} Services + {memoryObjects} EndpointSlices for memory");

var reference = await Bench.ReferenceAsync(count);
Bench.Print("reference (client create + status patch)", reference);
var paced = await Bench.PipelineAsync(count, pace: TimeSpan.FromMilliseconds(2));
Bench.Print("pipeline, paced (1 Service / 2 ms)", paced);
var burst = await Bench.PipelineAsync(count, pace: TimeSpan.Zero);
Bench.Print("pipeline, burst (all at once)", burst);
Console.WriteLine($"ratio p50 paced/reference: {Bench.Percentile(paced, 50) / Bench.Percentile(reference, 50):F1}x   p99: {Bench.Percentile(paced, 99) / Bench.Percentile(reference, 99):F1}x");
var (heap, json) = await Bench.MemoryAsync(memoryObjects);
Console.WriteLine($"memory: source retains {heap / 1048576.0:F1} MB managed for {memoryObjects} Services + {memoryObjects} EndpointSlices; their JSON is {json / 1048576.0:F1} MB; ratio {heap / (double)json:F2}x");
Console.WriteLine($"goals: p50 < 50 ms: {(Bench.Percentile(paced, 50) < 50 ? "met" : "MISSED")}; p99 < 250 ms: {(Bench.Percentile(paced, 99) < 250 ? "met" : "MISSED")}; memory < 150 MB: {(heap < 150L * 1048576 ? "met" : "MISSED")}");

internal static class Bench
{
    private const string Ns = "metallb-system";

    public static double Percentile(IReadOnlyList<double> sorted, int p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    public static void Print(string name, IReadOnlyList<double> sorted)
        => Console.WriteLine($"{name,-45} n={sorted.Count} p50={Percentile(sorted, 50):F2} ms p99={Percentile(sorted, 99):F2} ms max={sorted[^1]:F2} ms");

    public static string Service(string name, int i)
    {
        var h = (i + 1).ToString("x", CultureInfo.InvariantCulture);
        return $$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","namespace":"bench","labels":{"app":"{{{name}}}"}},
             "spec":{"type":"LoadBalancer","clusterIP":"fd00::{{{h}}}","clusterIPs":["fd00::{{{h}}}"],
                     "ipFamilies":["IPv6"],"ipFamilyPolicy":"SingleStack","ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080}],
                     "selector":{"app":"{{{name}}}"},"externalTrafficPolicy":"Cluster"}}
            """;
    }

    private static string Slice(string name, int i)
    {
        var h = (i + 1).ToString("x", CultureInfo.InvariantCulture);
        var n1 = "node-" + (i % 50).ToString(CultureInfo.InvariantCulture);
        var n2 = "node-" + ((i + 1) % 50).ToString(CultureInfo.InvariantCulture);
        return $$$"""
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"{{{name}}}-x1","namespace":"bench","labels":{"kubernetes.io/service-name":"{{{name}}}"}},
             "addressType":"IPv6","endpoints":[{"addresses":["fd01::{{{h}}}"],"nodeName":"{{{n1}}}","conditions":{"ready":true,"serving":true,"terminating":false}},
                                               {"addresses":["fd02::{{{h}}}"],"nodeName":"{{{n2}}}","conditions":{"ready":true,"serving":true,"terminating":false}}],
             "ports":[{"name":"http","port":8080,"protocol":"TCP"}]}
            """;
    }

    private static async Task<FakeApiServer> ServerAsync()
    {
        var server = await FakeApiServer.StartAsync();
        server.Create("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"}}""");
        server.Create($$$"""{"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"big","namespace":"{{{Ns}}}"},"spec":{"addresses":["2001:db8:1::/104"]}}""");
        server.Create($$$"""{"apiVersion":"metallb.io/v1beta1","kind":"L2Advertisement","metadata":{"name":"l2","namespace":"{{{Ns}}}"},"spec":{}}""");
        return server;
    }

    private static IClusterSource Source(FakeApiServer server, out IAddressAllocator allocator)
    {
        var dir = Directory.CreateTempSubdirectory("ingot-bench-k8s-").FullName;
        var kubeconfig = server.WriteKubeconfig(dir);
        var provider = new ServiceCollection()
            .AddKubernetesSource(o => { o.Kubeconfig = kubeconfig; o.NodeName = "node-a"; o.LeaderElection = false; })
            .AddIngotIpam()
            .BuildServiceProvider();
        allocator = provider.GetServices<IAddressAllocator>().Single();
        return provider.GetServices<IClusterSource>().Single();
    }

    public static async Task<IReadOnlyList<double>> ReferenceAsync(int count)
    {
        await using var server = await ServerAsync();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.BaseAddress.ToString() });
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var name = "r" + i.ToString("D5", CultureInfo.InvariantCulture);
            var start = Stopwatch.GetTimestamp();
            await client.CoreV1.CreateNamespacedServiceAsync(KubernetesJson.Deserialize<V1Service>(Service(name, i)), "bench");
            await client.CoreV1.PatchNamespacedServiceStatusAsync(new V1Patch("""{"status":{"loadBalancer":{"ingress":[{"ip":"2001:db8:1::1"}]}}}""", V1Patch.PatchType.MergePatch), name, "bench");
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        latencies.Sort();
        return latencies;
    }

    public static async Task<IReadOnlyList<double>> PipelineAsync(int count, TimeSpan pace)
    {
        await using var server = await ServerAsync();
        var created = new ConcurrentDictionary<string, long>();
        var written = new ConcurrentDictionary<string, long>();
        server.Store.Committed = (type, resource, obj) =>
        {
            if (resource.Plural == "services" && type == "MODIFIED" && obj["status"]?["loadBalancer"]?["ingress"] is JsonArray { Count: > 0 })
            {
                written.TryAdd((string)obj["metadata"]!["name"]!, Stopwatch.GetTimestamp());
            }
        };
        var source = Source(server, out var allocator);
        using var stop = new CancellationTokenSource();
        var firstSnapshot = new TaskCompletionSource();
        long passes = 0, allocateTicks = 0, writeTicks = 0, waitTicks = 0;
        var pipeline = Task.Run(async () =>
        {
            var t0 = Stopwatch.GetTimestamp();
            await foreach (var state in source.WatchAsync(stop.Token))
            {
                waitTicks += Stopwatch.GetTimestamp() - t0;
                firstSnapshot.TrySetResult();
                var t1 = Stopwatch.GetTimestamp();
                var allocation = allocator.Allocate(state);
                var t2 = Stopwatch.GetTimestamp();
                allocateTicks += t2 - t1;
                if (state.IsAllocationLeader)
                {
                    await source.WriteStatusAsync(state, allocation, stop.Token);
                }

                t0 = Stopwatch.GetTimestamp();
                writeTicks += t0 - t2;
                passes++;
            }
        });
        await firstSnapshot.Task;

        for (var i = 0; i < count; i++)
        {
            var name = "s" + i.ToString("D5", CultureInfo.InvariantCulture);
            created[name] = Stopwatch.GetTimestamp();
            server.Create(Service(name, i));
            if (pace > TimeSpan.Zero)
            {
                await Task.Delay(pace);
            }
        }

        while (written.Count < count)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        try
        {
            await pipeline;
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-pass, as on shutdown.
        }
        var latencies = created.Select(c => Stopwatch.GetElapsedTime(c.Value, written[c.Key]).TotalMilliseconds).Order().ToList();
        Console.WriteLine($"  passes={passes}; time in snapshot wait+build={waitTicks * 1000.0 / Stopwatch.Frequency:F0} ms, ipam={allocateTicks * 1000.0 / Stopwatch.Frequency:F0} ms, status writes={writeTicks * 1000.0 / Stopwatch.Frequency:F0} ms");
        return latencies;
    }

    public static async Task<(long Heap, long Json)> MemoryAsync(int count)
    {
        await using var server = await ServerAsync();
        long json = 0;
        for (var i = 0; i < count; i++)
        {
            var name = "m" + i.ToString("D5", CultureInfo.InvariantCulture);
            json += server.Create(Service(name, i)).ToJsonString().Length;
            json += server.Create(Slice(name, i)).ToJsonString().Length;
        }

        server.Store.Committed = null;
        var before = Measure();
        var source = Source(server, out _);
        using var stop = new CancellationTokenSource();
        ClusterState? first = null;
        await foreach (var state in source.WatchAsync(stop.Token))
        {
            first = state;
            break;
        }

        var after = Measure();
        GC.KeepAlive(source);
        GC.KeepAlive(first);
        if (first!.Services.Count != count || first.EndpointSlices.Count != count)
        {
            throw new InvalidOperationException($"snapshot has {first.Services.Count} services, {first.EndpointSlices.Count} slices");
        }

        await ((IAsyncDisposable)source).DisposeAsync();
        return (after - before, json);
    }

    private static long Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
