namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>What the state machine needs to know about the session.</summary>
internal sealed record BgpFsmOptions
{
    /// <summary>The AS we speak as (our OPEN's AS): BGPPeer localASN when set, else myASN.</summary>
    public required uint LocalAsn { get; init; }

    /// <summary>The peer's configured AS; null when it is learned from the OPEN (<see cref="DynamicAsn"/>).</summary>
    public uint? PeerAsn { get; init; }

    /// <summary>Which ASes the peer may open with when <see cref="PeerAsn"/> is not configured.</summary>
    public DynamicAsn? DynamicAsn { get; init; }

    public BgpTimers Timers { get; init; } = new();

    /// <summary>False for a passive-only session: never connect out, only accept.</summary>
    public bool ActiveConnect { get; init; } = true;

    /// <summary>iBGP or eBGP; known before the OPEN, since a dynamic peer's kind is configured.</summary>
    public bool IsInternal => PeerAsn is { } peer ? peer == LocalAsn : DynamicAsn == Fsm.DynamicAsn.Internal;

    /// <summary>Whether an OPEN naming <paramref name="asn"/> is the peer we expect (RFC 4271 §6.2).</summary>
    public bool Accepts(uint asn) => PeerAsn is { } peer ? asn == peer : IsInternal == (asn == LocalAsn);

    /// <summary>What the peer should have opened with, for the refusal's log line.</summary>
    public string Expected => PeerAsn is { } peer
        ? peer.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : IsInternal ? $"our AS {LocalAsn} (dynamicASN internal)" : $"any AS but {LocalAsn} (dynamicASN external)";
}
