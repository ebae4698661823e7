using Ingot.Host.Pipeline;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Host.Tests.Pipeline;

/// <summary>A <see cref="PipelineRunner"/> over fakes, on virtual time, with its milestones observable.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    // Only guards against a hang; no test asserts how long anything takes.
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(30);
    private bool _stopped;

    public PipelineHarness(TestAllocator? allocator, params IAnnouncer[] announcers)
    {
        Allocator = allocator;
        Components = new PipelineComponents(Source, allocator, announcers);
        Runner = new PipelineRunner(Components, new ReconcilePass(Components, "node-a", null, NullLogger.Instance), Health, null,
            Time, Options, NullLogger<PipelineRunner>.Instance)
        {
            PublishEvents = true,
        };
    }

    public FakeClusterSource Source { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public PipelineHealth Health { get; } = new();

    public PipelineOptions Options { get; } = new();

    public TestAllocator? Allocator { get; }

    public PipelineComponents Components { get; }

    public PipelineRunner Runner { get; }

    public Task StartAsync() => Runner.StartAsync(CancellationToken.None);

    public async Task StopAsync()
    {
        _stopped = true;
        await Runner.StopAsync(CancellationToken.None).WaitAsync(s_hangGuard);
    }

    /// <summary>Reads milestones until one matches.</summary>
    public async Task<PipelineEvent> NextAsync(PipelineEventKind kind, Func<PipelineEvent, bool>? match = null)
    {
        using var guard = new CancellationTokenSource(s_hangGuard);
        while (true)
        {
            var e = await Runner.Events.ReadAsync(guard.Token);
            if (e.Kind == kind && (match is null || match(e)))
            {
                return e;
            }
        }
    }

    /// <summary>Pushes a snapshot and runs the pass it causes: waits for the debounce, advances past it, returns the pass.</summary>
    public async Task<PipelineEvent> PushAndReconcileAsync(Ingot.Sdk.Cluster.ClusterState state)
    {
        var pushed = Source.Push(state);
        await NextAsync(PipelineEventKind.SnapshotReceived, e => e.State!.Revision == pushed.Revision);
        await NextAsync(PipelineEventKind.DebounceStarted);
        Time.Advance(Options.Debounce);
        return await NextAsync(PipelineEventKind.PassCompleted);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }

        Runner.Dispose();
    }
}
