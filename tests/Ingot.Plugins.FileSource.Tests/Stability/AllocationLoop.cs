using System.Collections.Concurrent;
using System.Net;
using Ingot.Plugins.FileSource.State;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Plugins.FileSource.Tests.Stability;

/// <summary>
/// The host's reconcile loop reduced to what decides addresses: every snapshot the real file source yields goes through
/// the real ipam allocator, and the answer is written back as status. After each pass it checks every Service with an
/// expected address against what it holds, so a move that lasts a single pass is caught too.
/// </summary>
internal sealed class AllocationLoop : IAsyncDisposable
{
    private readonly FileClusterSource _source;
    private readonly IAddressAllocator _allocator;
    private readonly ServiceProvider _provider;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private IReadOnlyDictionary<ServiceKey, IPAddress[]> _expected = new Dictionary<ServiceKey, IPAddress[]>();

    public AllocationLoop(FileClusterSource source)
    {
        _source = source;
        _provider = new ServiceCollection().AddLogging().AddIngotIpam().BuildServiceProvider();
        _allocator = _provider.GetRequiredService<IAddressAllocator>();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Every time a Service was seen holding other addresses than expected.</summary>
    public ConcurrentQueue<string> Moves { get; } = new();

    public IReadOnlyDictionary<ServiceKey, StateEntry> Assignments => _source.Assignments;

    /// <summary>From now on, each of these Services may hold only the addresses it holds now.</summary>
    public void ExpectCurrentAddresses(IEnumerable<ServiceKey> services)
    {
        var now = _source.Assignments;
        _expected = services.ToDictionary(s => s, s => now[s].Addresses.ToArray());
    }

    public IPAddress[] Expected(ServiceKey service) => _expected[service];

    /// <summary>Waits (bounded only against a hang) until the assignments satisfy <paramref name="done"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyDictionary<ServiceKey, StateEntry>, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!done(_source.Assignments))
        {
            if (_loop.IsCompleted)
            {
                await _loop; // surfaces the loop's failure
                throw new InvalidOperationException($"the source stopped before {what}");
            }

            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"never reached: {what}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        await _provider.DisposeAsync();
    }

    private async Task RunAsync()
    {
        await foreach (var state in _source.WatchAsync(_stop.Token))
        {
            var allocation = _allocator.Allocate(state);
            await _source.WriteStatusAsync(state, allocation, _stop.Token);
            foreach (var (service, expected) in _expected)
            {
                if (_source.Assignments.TryGetValue(service, out var held) && !held.Addresses.SequenceEqual(expected))
                {
                    Moves.Enqueue($"{service}: {string.Join(",", (object[])expected)} -> {string.Join(",", held.Addresses)} (revision {state.Revision})");
                }
            }
        }
    }
}
