using System.Net;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration;

/// <summary>A validated BGPPeer (v1beta1 objects are converted to this form).</summary>
public sealed record BgpPeer
{
    /// <summary>The BGPPeer's name.</summary>
    public required string Name { get; init; }

    /// <summary>Our AS number.</summary>
    public uint MyAsn { get; init; }

    /// <summary>The peer's AS number; null when <see cref="DynamicAsn"/> is used.</summary>
    public uint? PeerAsn { get; init; }

    /// <summary><c>internal</c> or <c>external</c>, or null.</summary>
    public string? DynamicAsn { get; init; }

    /// <summary><c>localASN</c>, or null.</summary>
    public uint? LocalAsn { get; init; }

    /// <summary>The peer's address; null for an unnumbered (interface) peer.</summary>
    public IPAddress? PeerAddress { get; init; }

    /// <summary>The interface of an unnumbered peer.</summary>
    public string? Interface { get; init; }

    /// <summary>The local address to connect from, or null.</summary>
    public IPAddress? SourceAddress { get; init; }

    /// <summary>The peer's TCP port (default 179).</summary>
    public int PeerPort { get; init; } = 179;

    /// <summary>Hold time; null means the speaker's default (90 s).</summary>
    public TimeSpan? HoldTime { get; init; }

    /// <summary>Keepalive interval; null means hold/3.</summary>
    public TimeSpan? KeepaliveTime { get; init; }

    /// <summary>Connect retry time, or null.</summary>
    public TimeSpan? ConnectTime { get; init; }

    /// <summary>BGP identifier to use, or null to derive one.</summary>
    public IPAddress? RouterId { get; init; }

    /// <summary>The nodes that open this session; empty means every node.</summary>
    public IReadOnlyList<LabelSelector> NodeSelectors { get; init; } = [];

    /// <summary>TCP MD5 password, resolved from <c>password</c> or <c>passwordSecret</c>; null for none.</summary>
    public string? Password { get; init; }

    /// <summary>The BFDProfile name, or null.</summary>
    public string? BfdProfile { get; init; }

    /// <summary>Advertise graceful restart (RFC 4724).</summary>
    public bool EnableGracefulRestart { get; init; }

    /// <summary>Allow multi-hop eBGP (TTL 255 instead of 1).</summary>
    public bool EbgpMultiHop { get; init; }

    /// <summary>The VRF, or null.</summary>
    public string? Vrf { get; init; }

    /// <summary>Activate both address families on the session.</summary>
    public bool DualStackAddressFamily { get; init; }

    /// <summary>True for iBGP (same AS on both sides, or dynamic <c>internal</c>).</summary>
    public bool IsInternal => PeerAsn is { } p ? p == MyAsn : DynamicAsn == "internal";

    /// <summary>True when the node opens this session.</summary>
    /// <param name="node">The node.</param>
    /// <returns>True when <see cref="NodeSelectors"/> is empty or one matches.</returns>
    public bool SelectsNode(NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return NodeSelectors.Count == 0 || NodeSelectors.Any(s => s.Matches(node.Labels));
    }
}
