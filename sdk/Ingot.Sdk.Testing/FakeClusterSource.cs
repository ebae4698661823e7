using System.Runtime.CompilerServices;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Sources;

namespace Ingot.Sdk.Testing;

/// <summary>
/// An in-memory <see cref="IClusterSource"/>: a test pushes snapshots with <see cref="Push"/>, and the fake records every
/// status write and announcement report it receives.
/// </summary>
/// <remarks>
/// A watcher first receives the newest snapshot pushed before it started (if any), then every snapshot pushed after, in
/// order. Thread-safe.
/// </remarks>
public sealed class FakeClusterSource : IClusterSource
{
    private readonly Lock _gate = new();
    private readonly List<ClusterState> _snapshots = [];
    private TaskCompletionSource _pushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _revision;
    private int _activeWatchers;

    /// <summary>Creates a fake source.</summary>
    /// <param name="name">The name it reports as <see cref="Name"/>.</param>
    public FakeClusterSource(string name = "fake-source")
    {
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Every <see cref="WriteStatusAsync"/> call, oldest first.</summary>
    public RecordedCalls<StatusWrite> StatusWrites { get; } = new();

    /// <summary>Every <see cref="ReportAnnouncementsAsync"/> call, oldest first.</summary>
    public RecordedCalls<AnnouncementReport> Reports { get; } = new();

    /// <summary>When set, <see cref="WriteStatusAsync"/> throws what this returns (return null to succeed).</summary>
    public Func<StatusWrite, Exception?>? FailStatusWrite { get; set; }

    /// <summary>How many watchers are currently reading <see cref="WatchAsync"/>.</summary>
    public int ActiveWatchers => Volatile.Read(ref _activeWatchers);

    /// <summary>
    /// Publishes a snapshot to every watcher. A snapshot whose <see cref="ClusterState.Revision"/> is 0 gets the next
    /// revision number (1, 2, …).
    /// </summary>
    /// <param name="state">The snapshot.</param>
    /// <returns>The snapshot as published (with its revision).</returns>
    public ClusterState Push(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        TaskCompletionSource pushed;
        lock (_gate)
        {
            var revision = state.Revision == 0 ? ++_revision : (_revision = Math.Max(_revision, state.Revision));
            state = state with { Revision = revision };
            _snapshots.Add(state);
            pushed = _pushed;
            _pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        pushed.TrySetResult();
        return state;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ClusterState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _activeWatchers);
        try
        {
            int next;
            lock (_gate)
            {
                next = Math.Max(0, _snapshots.Count - 1);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                ClusterState? state = null;
                Task wait;
                lock (_gate)
                {
                    if (next < _snapshots.Count)
                    {
                        state = _snapshots[next++];
                    }

                    wait = _pushed.Task;
                }

                if (state is not null)
                {
                    yield return state;
                    continue;
                }

                try
                {
                    await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _activeWatchers);
        }
    }

    /// <inheritdoc />
    public ValueTask WriteStatusAsync(ClusterState state, AllocationResult allocation, CancellationToken cancellationToken)
    {
        var write = new StatusWrite(state, allocation);
        StatusWrites.Add(write);
        if (FailStatusWrite?.Invoke(write) is { } error)
        {
            throw error;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReportAnnouncementsAsync(string nodeName, IReadOnlyList<AnnouncementPlan> plans, CancellationToken cancellationToken)
    {
        Reports.Add(new AnnouncementReport(nodeName, plans));
        return ValueTask.CompletedTask;
    }
}
