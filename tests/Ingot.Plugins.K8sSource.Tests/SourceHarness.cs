using Ingot.Plugins.K8sSource.Client;
using Ingot.Plugins.K8sSource.Source;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.K8sSource.Tests;

/// <summary>
/// Runs the real source against the fake API server through a kubeconfig, with the real ipam allocator, the way the host's
/// pipeline does: every snapshot is allocated and, when this instance leads, written back.
/// </summary>
internal sealed class SourceHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IAddressAllocator _allocator;
    private Task _loop = Task.CompletedTask;
    private int _snapshots;

    private SourceHarness(KubernetesClusterSource source, IAddressAllocator allocator)
    {
        Source = source;
        _allocator = allocator;
    }

    public KubernetesClusterSource Source { get; }

    public ClusterState? Latest { get; private set; }

    public AllocationResult? LatestAllocation { get; private set; }

    public int Snapshots => Volatile.Read(ref _snapshots);

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ingot-k8s-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static SourceHarness Create(FakeApiServer.FakeApiServer server, string node = "node-a", Action<K8sSourceOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new K8sSourceOptions
        {
            NodeName = node,
            Kubeconfig = server.WriteKubeconfig(TempDirectory()),
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
            MaxBackoff = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        var source = new KubernetesClusterSource(options, KubernetesClientFactory.Create(options), ownsClient: true, time ?? TimeProvider.System, NullLoggerFactory.Instance);
        var allocator = new ServiceCollection().AddIngotIpam(o => o.LoadBalancerClass = options.LoadBalancerClass).BuildServiceProvider().GetServices<IAddressAllocator>().Single();
        return new SourceHarness(source, allocator);
    }

    public static SourceHarness Start(FakeApiServer.FakeApiServer server, string node = "node-a", Action<K8sSourceOptions>? configure = null)
    {
        var harness = Create(server, node, configure);
        harness.StartPipeline();
        return harness;
    }

    public void StartPipeline()
    {
        _loop = Task.Run(async () =>
        {
            await foreach (var state in Source.WatchAsync(_stop.Token))
            {
                var allocation = _allocator.Allocate(state);
                Latest = state;
                LatestAllocation = allocation;
                if (state.IsAllocationLeader)
                {
                    await Source.WriteStatusAsync(state, allocation, _stop.Token);
                }

                Interlocked.Increment(ref _snapshots);
            }
        });
    }

    /// <summary>Waits until at least one more snapshot than now has been handled.</summary>
    public async Task NextSnapshotAsync()
    {
        var seen = Snapshots;
        await TestWait.UntilAsync(() => Snapshots > seen, "another snapshot");
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Source.DisposeAsync();
        _stop.Dispose();
    }
}
