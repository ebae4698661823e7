namespace Ingot.Plugins.L2.Membership;

/// <summary>
/// Delivers change notifications on one dedicated thread, one at a time. <see cref="Signal"/> may be called from any
/// thread (the receive loop, the timer loop, ICMP watchers, the netlink thread, a pass's SetPeers); each delivery reads
/// the newest value when it starts, so a handler never runs beside another and never sees an older value after a newer
/// one, and signals that arrive while a handler runs are coalesced into one more delivery. A dedicated thread, not the
/// pool: a takeover must not wait for a pool thread to be injected.
/// </summary>
internal sealed class ChangeDispatcher<T> : IDisposable
    where T : class
{
    private readonly Func<T> _read;
    private readonly Action<T> _deliver;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private bool _pending;
    private bool _stopping;

    public ChangeDispatcher(Func<T> read, Action<T> deliver, string threadName)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(deliver);
        _read = read;
        _deliver = deliver;
        _thread = new Thread(Loop) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>Asks for a delivery of the newest value; returns at once.</summary>
    public void Signal()
    {
        lock (_gate)
        {
            _pending = true;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Stops after the delivery in progress, if any; pending signals are dropped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void Loop()
    {
        while (true)
        {
            lock (_gate)
            {
                while (!_pending && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopping)
                {
                    return;
                }

                _pending = false;
            }

            // The handler guards itself (MembershipService logs what it throws); a throw here would end the thread.
            try
            {
                _deliver(_read());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
            }
        }
    }
}
