using System.Net;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>A parsed UPDATE (RFC 4271 §4.3, RFC 4760), after RFC 7606 error handling.</summary>
internal sealed record BgpUpdate
{
    public List<BgpPrefix> Withdrawn { get; } = [];

    public List<BgpPrefix> Nlri { get; } = [];

    public BgpFamily? MpReachFamily { get; set; }

    public IPAddress? MpNextHop { get; set; }

    public List<BgpPrefix> MpReachNlri { get; } = [];

    public BgpFamily? MpUnreachFamily { get; set; }

    public List<BgpPrefix> MpUnreachNlri { get; } = [];

    public byte? Origin { get; set; }

    /// <summary>AS_PATH flattened in order (sequences and sets), null when absent.</summary>
    public List<uint>? AsPath { get; set; }

    public IPAddress? NextHop { get; set; }

    public uint? MultiExitDisc { get; set; }

    public uint? LocalPref { get; set; }

    public List<uint> Communities { get; } = [];

    public List<LargeCommunity> LargeCommunities { get; } = [];

    /// <summary>Why the routes in this UPDATE are treated as withdrawn (RFC 7606 §2), or null.</summary>
    public string? TreatAsWithdrawReason { get; set; }

    /// <summary>Attribute types dropped by "attribute discard" (RFC 7606 §2).</summary>
    public List<byte> DiscardedAttributes { get; } = [];

    /// <summary>The family this UPDATE ends the initial table of (RFC 4724 §2), or null.</summary>
    public BgpFamily? EndOfRib { get; set; }

    /// <summary>Every prefix announced, IPv4 and MP.</summary>
    public IEnumerable<BgpPrefix> Announced => Nlri.Concat(MpReachNlri);
}
