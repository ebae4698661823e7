using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Resources;

/// <summary>
/// <c>metallb.io</c> BGPPeer, v1beta2 or v1beta1 (see <see cref="ApiVersion"/>). Durations are kept as written
/// (Go duration syntax, e.g. <c>90s</c>, <c>1m30s</c>).
/// </summary>
public sealed record BgpPeerResource : MetalLbResource
{
    /// <inheritdoc />
    public override string Kind => "BGPPeer";

    /// <summary><c>v1beta2</c> (default) or <c>v1beta1</c>.</summary>
    public string ApiVersion { get; init; } = "v1beta2";

    /// <summary><c>spec.myASN</c>.</summary>
    public long? MyAsn { get; init; }

    /// <summary><c>spec.peerASN</c>.</summary>
    public long? PeerAsn { get; init; }

    /// <summary><c>spec.dynamicASN</c>: <c>internal</c> or <c>external</c>.</summary>
    public string? DynamicAsn { get; init; }

    /// <summary><c>spec.localASN</c>.</summary>
    public long? LocalAsn { get; init; }

    /// <summary><c>spec.peerAddress</c>.</summary>
    public string? PeerAddress { get; init; }

    /// <summary><c>spec.interface</c> (unnumbered BGP).</summary>
    public string? Interface { get; init; }

    /// <summary><c>spec.sourceAddress</c>.</summary>
    public string? SourceAddress { get; init; }

    /// <summary><c>spec.peerPort</c>; null means 179.</summary>
    public long? PeerPort { get; init; }

    /// <summary><c>spec.holdTime</c>.</summary>
    public string? HoldTime { get; init; }

    /// <summary><c>spec.keepaliveTime</c>.</summary>
    public string? KeepaliveTime { get; init; }

    /// <summary><c>spec.connectTime</c>.</summary>
    public string? ConnectTime { get; init; }

    /// <summary><c>spec.routerID</c>.</summary>
    public string? RouterId { get; init; }

    /// <summary><c>spec.nodeSelectors</c>.</summary>
    public IReadOnlyList<LabelSelector> NodeSelectors { get; init; } = [];

    /// <summary><c>spec.password</c>.</summary>
    public string? Password { get; init; }

    /// <summary><c>spec.passwordSecret.name</c>.</summary>
    public string? PasswordSecretName { get; init; }

    /// <summary><c>spec.passwordSecret.namespace</c>.</summary>
    public string? PasswordSecretNamespace { get; init; }

    /// <summary><c>spec.bfdProfile</c>.</summary>
    public string? BfdProfile { get; init; }

    /// <summary><c>spec.enableGracefulRestart</c>.</summary>
    public bool EnableGracefulRestart { get; init; }

    /// <summary><c>spec.ebgpMultiHop</c>.</summary>
    public bool EbgpMultiHop { get; init; }

    /// <summary><c>spec.vrf</c>.</summary>
    public string? Vrf { get; init; }

    /// <summary><c>spec.disableMP</c> (deprecated, no effect).</summary>
    public bool DisableMP { get; init; }

    /// <summary><c>spec.dualStackAddressFamily</c>.</summary>
    public bool DualStackAddressFamily { get; init; }
}
