namespace Ingot.Sdk.Announcement;

/// <summary>
/// One node announcing one Service's addresses by one protocol. Layer 2 fills <see cref="Interfaces"/>; BGP fills
/// <see cref="Peer"/>, <see cref="Prefix"/>, <see cref="LocalPref"/> and <see cref="Communities"/> (one entry per peer and
/// prefix).
/// </summary>
public sealed record Announcement
{
    /// <summary><c>layer2</c> or <c>bgp</c> (or a third-party protocol name).</summary>
    public required string Protocol { get; init; }

    /// <summary>The node that announces.</summary>
    public required string Node { get; init; }

    /// <summary>The addresses announced.</summary>
    public IReadOnlyList<System.Net.IPAddress> Addresses { get; init; } = [];

    /// <summary>Layer 2: interface names; empty means every eligible interface.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>BGP: the BGPPeer name.</summary>
    public string? Peer { get; init; }

    /// <summary>BGP: the prefix, e.g. <c>192.0.2.10/32</c>.</summary>
    public string? Prefix { get; init; }

    /// <summary>BGP: LOCAL_PREF (0 = not set).</summary>
    public uint? LocalPref { get; init; }

    /// <summary>BGP: communities as text (<c>65000:100</c>, <c>large:1:2:3</c>), sorted.</summary>
    public IReadOnlyList<string> Communities { get; init; } = [];
}
