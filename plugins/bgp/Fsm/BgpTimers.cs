namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>
/// Hold and keepalive times with MetalLB's rules (<c>parseTimers</c>): only hold ⇒ keepalive = hold/3; only keepalive ⇒
/// hold = 3×keepalive; neither ⇒ 90 s hold; after the OPEN exchange the hold time is the smaller of both sides' (RFC 4271
/// §4.2) and keepalives run at a third of it unless configured lower.
/// </summary>
internal sealed record BgpTimers
{
    public static readonly TimeSpan DefaultHoldTime = TimeSpan.FromSeconds(90);

    /// <summary>RFC 4271 §8.2.2: the hold timer is set to a large value (4 minutes suggested) while waiting for OPEN.</summary>
    public static readonly TimeSpan OpenSentHoldTime = TimeSpan.FromMinutes(4);

    public static readonly TimeSpan InitialConnectRetry = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxConnectRetry = TimeSpan.FromMinutes(2);

    public TimeSpan HoldTime { get; init; } = DefaultHoldTime;

    public TimeSpan? KeepaliveTime { get; init; }

    public static BgpTimers From(TimeSpan? hold, TimeSpan? keepalive)
    {
        var h = hold ?? (keepalive is { } k ? 3 * k : DefaultHoldTime);
        return new BgpTimers { HoldTime = TimeSpan.FromSeconds(Math.Floor(h.TotalSeconds)), KeepaliveTime = keepalive };
    }

    /// <summary>The hold time in whole seconds for our OPEN.</summary>
    public ushort HoldTimeSeconds => (ushort)Math.Min(ushort.MaxValue, HoldTime.TotalSeconds);

    /// <summary>Negotiated hold time (RFC 4271 §4.2: the smaller of the two; 0 turns both timers off).</summary>
    public TimeSpan Negotiate(ushort peerHoldSeconds) => TimeSpan.FromSeconds(Math.Min(HoldTimeSeconds, peerHoldSeconds));

    /// <summary>Keepalive interval for a negotiated hold time (RFC 4271 §10: one third of it, or the configured value if lower).</summary>
    public TimeSpan KeepaliveFor(TimeSpan negotiatedHold)
    {
        var third = negotiatedHold / 3;
        return KeepaliveTime is { } k && k > TimeSpan.Zero && k < third ? k : third;
    }
}
