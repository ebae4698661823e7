namespace Ingot.Plugins.L2.Membership;

/// <summary>
/// Sequence numbers already seen from one incarnation of a sender: the highest one and a 64-wide bitmap below it (the
/// IPsec anti-replay window, RFC 4303 §3.4.3), so reordered datagrams within the window are accepted once and anything
/// older or repeated is refused. Mutable; owned by one member entry of the core.
/// </summary>
internal sealed class ReplayWindow
{
    private const int Width = 64;
    private ulong _highest;
    private ulong _seen;
    private bool _any;

    /// <summary>Records <paramref name="sequence"/> and returns true if it was neither seen nor older than the window.</summary>
    public bool TryAccept(ulong sequence)
    {
        if (!_any || sequence > _highest)
        {
            var shift = _any ? sequence - _highest : Width;
            _seen = shift >= Width ? 1UL : (_seen << (int)shift) | 1UL;
            _highest = sequence;
            _any = true;
            return true;
        }

        var back = _highest - sequence;
        if (back >= Width || (_seen & (1UL << (int)back)) != 0)
        {
            return false;
        }

        _seen |= 1UL << (int)back;
        return true;
    }
}
