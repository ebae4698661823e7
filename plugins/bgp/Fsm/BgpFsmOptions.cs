namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>What the state machine needs to know about the session.</summary>
internal sealed record BgpFsmOptions
{
    public required uint LocalAsn { get; init; }

    public required uint PeerAsn { get; init; }

    public BgpTimers Timers { get; init; } = new();

    /// <summary>False for a passive-only session: never connect out, only accept.</summary>
    public bool ActiveConnect { get; init; } = true;

    public bool IsInternal => LocalAsn == PeerAsn;
}
