using System.Net;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>The path attributes shared by a group of prefixes sent in one or more UPDATEs.</summary>
internal sealed record RouteAttributes
{
    /// <summary>AS_PATH as one AS_SEQUENCE; empty for iBGP (RFC 4271 §5.1.2).</summary>
    public IReadOnlyList<uint> AsPath { get; init; } = [];

    /// <summary>IPv4 NEXT_HOP (RFC 4271 §5.1.3) or IPv6 global next hop in MP_REACH_NLRI (RFC 4760 §3, RFC 2545 §3).</summary>
    public required IPAddress NextHop { get; init; }

    /// <summary>LOCAL_PREF, sent to iBGP peers only (RFC 4271 §5.1.5); null to leave it out.</summary>
    public uint? LocalPref { get; init; }

    /// <summary>Standard communities (RFC 1997), as 32-bit values.</summary>
    public IReadOnlyList<uint> Communities { get; init; } = [];

    /// <summary>Large communities (RFC 8092).</summary>
    public IReadOnlyList<LargeCommunity> LargeCommunities { get; init; } = [];
}
