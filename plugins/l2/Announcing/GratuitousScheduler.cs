using System.Net;

namespace Ingot.Plugins.L2.Announcing;

/// <summary>
/// MetalLB's <c>spamLoop</c>: when this node takes an address it announces it at once and then every 1.1 s until 5 s have
/// passed (rounds at 0, 1.1, 2.2, 3.3 and 4.4 s). Taking it again while a burst runs extends the window. Time comes from
/// <see cref="TimeProvider"/>; <paramref name="sendRound"/> runs outside the scheduler's lock.
/// </summary>
internal sealed class GratuitousScheduler(TimeProvider time, Action<IPAddress> sendRound) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(1100);

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, DateTimeOffset> _deadlines = [];
    private ITimer? _timer;

    public void Trigger(IPAddress address)
    {
        bool first;
        lock (_gate)
        {
            first = !_deadlines.ContainsKey(address);
            _deadlines[address] = time.GetUtcNow() + Window;
            _timer ??= time.CreateTimer(_ => Tick(), null, Interval, Interval);
        }

        if (first)
        {
            sendRound(address);
        }
    }

    /// <summary>Stops a running burst (the address was withdrawn; MetalLB sends nothing on withdrawal).</summary>
    public void Cancel(IPAddress address)
    {
        lock (_gate)
        {
            _deadlines.Remove(address);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _deadlines.Clear();
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Tick()
    {
        List<IPAddress> due;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            due = [];
            foreach (var (address, deadline) in _deadlines.ToList())
            {
                if (now <= deadline)
                {
                    due.Add(address);
                }
                else
                {
                    _deadlines.Remove(address);
                }
            }

            if (_deadlines.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }

        foreach (var address in due)
        {
            sendRound(address);
        }
    }
}
