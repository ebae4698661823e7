namespace Ingot.Plugins.L2.Interfaces;

/// <summary>Pushes interface state changes as the kernel reports them, so a link going down is acted on at once instead
/// of at the next rescan.</summary>
internal interface ILinkMonitor : IDisposable
{
    /// <summary>Raised on the monitor's own thread, one event at a time and in the kernel's order, for every link
    /// message (also the initial dump and repeats of an unchanged state).</summary>
    event Action<LinkEvent>? Changed;

    /// <summary>Starts listening in the caller's network namespace; a second call does nothing. Returns false when
    /// the kernel refused the socket (the caller keeps its sysfs rescans).</summary>
    bool Start();

    /// <summary>The last state the kernel reported for <paramref name="name"/>, or null when none was (not started, or
    /// the interface is gone).</summary>
    LinkEvent? Find(string name);
}
