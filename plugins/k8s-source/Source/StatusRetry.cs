using Ingot.Plugins.K8sSource.Informers;

namespace Ingot.Plugins.K8sSource.Source;

/// <summary>
/// Brings another pass after a Service status write failed (409, 429, 500, a reset): the source yields snapshots only on
/// change, so without this a write refused while nothing else happens would wait for an unrelated event, possibly forever.
/// One wake-up is pending at a time, after a capped backoff that any fully written pass resets, so a server that keeps
/// refusing sees a bounded rate.
/// </summary>
internal sealed class StatusRetry(TimeProvider time, TimeSpan maxBackoff, Action wake)
{
    private readonly InformerBackoff _backoff = new(TimeSpan.FromMilliseconds(500), maxBackoff);
    private readonly Lock _gate = new();
    private int _pending;

    /// <summary>Wake-ups scheduled so far (tests).</summary>
    public int Scheduled => Volatile.Read(ref _scheduled);

    private int _scheduled;

    /// <summary>Some write of the last pass failed: schedule a pass, unless one is already coming.</summary>
    public void Failed()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        TimeSpan delay;
        lock (_gate)
        {
            delay = _backoff.Next();
        }

        Interlocked.Increment(ref _scheduled);
        _ = WakeLaterAsync(delay);
    }

    /// <summary>Every write of the last pass went through.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            _backoff.Reset();
        }
    }

    private async Task WakeLaterAsync(TimeSpan delay)
    {
        await Task.Delay(delay, time).ConfigureAwait(false);
        Volatile.Write(ref _pending, 0);
        wake();
    }
}
