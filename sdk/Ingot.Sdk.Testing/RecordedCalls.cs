namespace Ingot.Sdk.Testing;

/// <summary>
/// A thread-safe, append-only list of calls a fake received, with a way to wait until a number of calls has arrived
/// (the pipeline calls fakes from its own tasks).
/// </summary>
/// <typeparam name="T">What one call records.</typeparam>
public sealed class RecordedCalls<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    /// <summary>The calls so far, oldest first (a copy).</summary>
    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }
    }

    /// <summary>How many calls arrived.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>The newest call.</summary>
    /// <exception cref="InvalidOperationException">No call arrived yet.</exception>
    public T Last
    {
        get
        {
            lock (_gate)
            {
                return _items.Count > 0 ? _items[^1] : throw new InvalidOperationException("no call recorded yet");
            }
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> calls have arrived.</summary>
    /// <param name="count">The number of calls to wait for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The calls at that moment.</returns>
    public async Task<IReadOnlyList<T>> WaitForCountAsync(int count, CancellationToken cancellationToken = default)
    {
        Task wait;
        lock (_gate)
        {
            if (_items.Count >= count)
            {
                return [.. _items];
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            wait = done.Task;
        }

        await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Items;
    }

    /// <summary>Records one call.</summary>
    /// <param name="item">The call.</param>
    public void Add(T item)
    {
        List<TaskCompletionSource> release = [];
        lock (_gate)
        {
            _items.Add(item);
            _waiters.RemoveAll(w =>
            {
                if (_items.Count >= w.Count)
                {
                    release.Add(w.Done);
                    return true;
                }

                return false;
            });
        }

        foreach (var done in release)
        {
            done.TrySetResult();
        }
    }
}
