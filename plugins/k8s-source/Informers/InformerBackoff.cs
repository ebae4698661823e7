namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>Capped exponential backoff for reconnects: 0.5 s, 1 s, 2 s … up to the cap; reset by any success.</summary>
internal sealed class InformerBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _cap;
    private TimeSpan _next;

    public InformerBackoff(TimeSpan initial, TimeSpan cap)
    {
        _initial = initial;
        _cap = cap;
        _next = initial;
    }

    public TimeSpan Next()
    {
        var current = _next;
        _next = TimeSpan.FromTicks(Math.Min(_cap.Ticks, _next.Ticks * 2));
        return current;
    }

    public void Reset() => _next = _initial;
}
