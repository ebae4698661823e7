namespace Ingot.Plugins.Bgp.Timing;

/// <summary>
/// Points a one-shot timer at the next deadline of a pure state machine (BGP's or BFD's): their loops re-arm it after
/// every event, so the machine alone decides when it must be woken.
/// </summary>
internal static class DeadlineTimer
{
    public static void Arm(ITimer timer, DateTimeOffset? deadline, TimeProvider time)
    {
        if (deadline is { } at)
        {
            var due = at - time.GetUtcNow();
            timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
