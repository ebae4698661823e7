using System.Net;
using Ingot.Plugins.Bgp.Bfd;
using Ingot.Plugins.Bgp.Fsm;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>Everything one session needs, from a BGPPeer and this node. Equal configs keep a running session.</summary>
internal sealed record BgpSessionConfig
{
    public required string PeerName { get; init; }

    public required IPAddress PeerAddress { get; init; }

    public int PeerPort { get; init; } = 179;

    public IPAddress? SourceAddress { get; init; }

    /// <summary>The AS this session speaks as: BGPPeer localASN when set, else myASN.</summary>
    public required uint LocalAsn { get; init; }

    /// <summary>The configured peer AS; null for a dynamicASN peer, whose AS comes from its OPEN.</summary>
    public uint? PeerAsn { get; init; }

    public DynamicAsn? DynamicAsn { get; init; }

    public BgpTimers Timers { get; init; } = new();

    public IPAddress? RouterId { get; init; }

    public string? Password { get; init; }

    public bool EbgpMultiHop { get; init; }

    /// <summary>The Linux VRF device the session's socket is bound to, or null for the default VRF.</summary>
    public string? Vrf { get; init; }

    public bool GracefulRestart { get; init; }

    /// <summary>The BFD session to run beside this one (the peer's BFDProfile), or null.</summary>
    public BfdSettings? Bfd { get; init; }

    /// <summary>How long the peer keeps our routes after the session drops (RFC 4724 §3 Restart Time).</summary>
    public ushort GracefulRestartTimeSeconds { get; init; } = 120;

    public required string NodeName { get; init; }

    /// <summary>False: wait for the peer to connect (tests, or a peer that only dials).</summary>
    public bool ActiveConnect { get; init; } = true;

    /// <summary>iBGP or eBGP; for a dynamicASN peer the configured kind, which the accepted OPEN matches.</summary>
    public bool IsInternal => FsmOptions.IsInternal;

    /// <summary>The state machine's view of this configuration.</summary>
    public BgpFsmOptions FsmOptions => new() { LocalAsn = LocalAsn, PeerAsn = PeerAsn, DynamicAsn = DynamicAsn, Timers = Timers, ActiveConnect = ActiveConnect };

    /// <summary>Label value of the metrics: <c>addr:port</c>, as MetalLB writes it.</summary>
    public string MetricPeer => PeerAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{PeerAddress}]:{PeerPort}"
        : $"{PeerAddress}:{PeerPort}";

    /// <summary>TTL of our packets: 1 for a directly connected eBGP peer, 255 with ebgpMultiHop and for iBGP.</summary>
    public short Ttl => !IsInternal && !EbgpMultiHop ? (short)1 : (short)255;

    public static BgpSessionConfig? From(BgpPeer peer, string nodeName, IReadOnlyDictionary<string, BfdProfile>? bfdProfiles = null)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var dynamicAsn = peer.DynamicAsn switch
        {
            "internal" => Fsm.DynamicAsn.Internal,
            "external" => Fsm.DynamicAsn.External,
            _ => (DynamicAsn?)null,
        };
        if (peer.PeerAddress is null || (peer.PeerAsn is null && dynamicAsn is null))
        {
            return null;
        }

        return new BgpSessionConfig
        {
            PeerName = peer.Name,
            PeerAddress = peer.PeerAddress,
            PeerPort = peer.PeerPort,
            SourceAddress = peer.SourceAddress,
            // localASN as MetalLB's FRR mode applies it (local-as N no-prepend replace-as): the session speaks as N, so
            // the OPEN carries N and the AS_PATH we send carries N alone, never myASN.
            LocalAsn = peer.LocalAsn ?? peer.MyAsn,
            PeerAsn = peer.PeerAsn,
            DynamicAsn = dynamicAsn,
            Timers = BgpTimers.From(peer.HoldTime, peer.KeepaliveTime),
            RouterId = peer.RouterId,
            Password = peer.Password,
            EbgpMultiHop = peer.EbgpMultiHop,
            Vrf = peer.Vrf,
            GracefulRestart = peer.EnableGracefulRestart,
            Bfd = peer.BfdProfile is { } name && bfdProfiles is not null && bfdProfiles.TryGetValue(name, out var profile) ? BfdSettings.From(profile) : null,
            NodeName = nodeName,
        };
    }
}
