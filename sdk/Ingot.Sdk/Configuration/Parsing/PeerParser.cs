using System.Globalization;
using System.Net;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>
/// BGPPeers, v1beta2 and v1beta1 (MetalLB <c>peersFor</c> / <c>peerFromCR</c> / <c>parseTimers</c>). Ingot's own speaker
/// handles IPv6, graceful restart, keepalive, MD5, multihop, dynamicASN, localASN and vrf, so MetalLB's native-mode
/// rejections do not apply; an unnumbered peer (spec.interface) is kept with a warning saying it gets no session.
/// </summary>
internal static class PeerParser
{
    private const string V1Beta1 = "v1beta1";
    private const string BasicAuthSecretType = "kubernetes.io/basic-auth";
    private const int DefaultPort = 179;
    private const int MaxPort = 16384;
    private static readonly TimeSpan s_minimumHoldTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_maximumConnectTime = TimeSpan.FromSeconds(65535);

    public static Dictionary<string, BgpPeer> Parse(ParseContext context, IReadOnlyDictionary<string, BfdProfile> bfdProfiles)
    {
        var resources = context.FirstOfEachName(
            context.InScope(context.Resources.Peers), r => $"duplicate definition of BGPPeer \"{r.Name}\"");
        var result = new Dictionary<string, BgpPeer>(StringComparer.Ordinal);
        var identities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var peer = ParseOne(context, resource);
            if (peer is null)
            {
                continue;
            }

            if (peer.BfdProfile is { } profile && !bfdProfiles.ContainsKey(profile))
            {
                context.Diagnostics.Error(
                    resource, $"peer {resource.Name} referencing non existing bfd profile {profile}", transient: true);
                continue;
            }

            // MetalLB refuses a peer whose parsed configuration equals one already defined: it would open the same
            // session twice from the same nodes.
            var identity = Identity(peer);
            if (identities.TryGetValue(identity, out var existing))
            {
                context.Diagnostics.Error(resource, $"peer {resource.Name} already exists (same configuration as {existing})");
                continue;
            }

            identities.Add(identity, resource.Name);
            result.Add(peer.Name, peer);
        }

        return result;
    }

    private static BgpPeer? ParseOne(ParseContext context, BgpPeerResource resource)
    {
        var diagnostics = context.Diagnostics;
        // Sources pass "v1beta1"; a full "metallb.io/v1beta1" means the same.
        var v1beta1 = resource.ApiVersion is V1Beta1 or "metallb.io/" + V1Beta1;
        if (v1beta1)
        {
            resource = NormalizeV1Beta1(context, resource, out var missing);
            if (missing is not null)
            {
                diagnostics.Error(resource, missing);
                return null;
            }
        }

        var problem = CheckRanges(resource, v1beta1);
        if (problem is not null)
        {
            diagnostics.Error(resource, problem);
            return null;
        }

        var ns = resource.Namespace ?? context.MetalLbNamespace;
        var myAsn = resource.MyAsn ?? 0;
        var peerAsn = resource.PeerAsn ?? 0;
        var dynamicAsn = resource.DynamicAsn ?? string.Empty;
        var address = resource.PeerAddress ?? string.Empty;
        var iface = resource.Interface ?? string.Empty;
        if (myAsn == 0)
        {
            problem = "missing local ASN";
        }
        else if (peerAsn == 0 && dynamicAsn.Length == 0)
        {
            problem = "missing peer ASN and dynamicASN";
        }
        else if (peerAsn != 0 && dynamicAsn.Length != 0)
        {
            problem = "both peer ASN and dynamicASN specified";
        }
        else if (dynamicAsn.Length != 0 && dynamicAsn is not ("internal" or "external"))
        {
            problem = $"invalid dynamicASN {dynamicAsn}";
        }
        else if (peerAsn == myAsn && resource.EbgpMultiHop)
        {
            problem = "invalid ebgp-multihop parameter set for an ibgp peer";
        }
        else if (address.Length == 0 && iface.Length == 0)
        {
            problem = "peer has no Address or Interface specified";
        }
        else if (address.Length != 0 && iface.Length != 0)
        {
            problem = "peer has both Address and Interface specified";
        }
        else if (iface.AsSpan().ContainsAny('\n', '\r'))
        {
            problem = $"interface for peer \"{ns}\"/\"{resource.Name}\" contains invalid characters";
        }

        if (problem is not null)
        {
            diagnostics.Error(resource, problem);
            return null;
        }

        if (!TryParseTimers(resource, out var holdTime, out var keepaliveTime, out problem)
            || !TryParseConnectTime(resource, out var connectTime, out problem))
        {
            diagnostics.Error(resource, problem!);
            return null;
        }

        IPAddress? peerAddress = null;
        IPAddress? routerId = null;
        IPAddress? sourceAddress = null;
        if (address.Length != 0 && !IPText.TryParseAddress(address, out peerAddress))
        {
            problem = $"invalid BGPPeer address \"{address}\"";
        }
        else if (!string.IsNullOrEmpty(resource.RouterId) && !IPText.TryParseAddress(resource.RouterId, out routerId))
        {
            problem = $"invalid router ID \"{resource.RouterId}\"";
        }
        else if (!string.IsNullOrEmpty(resource.SourceAddress) && !IPText.TryParseAddress(resource.SourceAddress, out sourceAddress))
        {
            problem = $"invalid source IP \"{resource.SourceAddress}\"";
        }
        else
        {
            problem = SelectorValidator.Validate(resource.NodeSelectors, "nodeSelectors", "spec.nodeSelectors");
        }

        if (problem is not null)
        {
            diagnostics.Error(resource, problem);
            return null;
        }

        var password = string.IsNullOrEmpty(resource.Password) ? null : resource.Password;
        var secretName = string.IsNullOrEmpty(resource.PasswordSecretName) ? null : resource.PasswordSecretName;
        if (password is not null && secretName is not null)
        {
            diagnostics.Error(resource, $"can not have both password and secret ref set in peer config \"{ns}\"/\"{resource.Name}\"");
            return null;
        }

        if (password is not null && password.AsSpan().ContainsAny('\n', '\r'))
        {
            diagnostics.Error(resource, $"password for peer \"{ns}\"/\"{resource.Name}\" contains invalid characters");
            return null;
        }

        if (secretName is not null)
        {
            if (!TryResolveSecret(context, resource, secretName, ns, out password, out problem, out var transient))
            {
                diagnostics.Error(resource, problem!, transient);
                return null;
            }
        }

        if (resource.Vrf is { } vrf && vrf.AsSpan().ContainsAny('\n', '\r'))
        {
            diagnostics.Error(resource, $"VRF name for peer \"{ns}\"/\"{resource.Name}\" contains invalid characters");
            return null;
        }

        WarnIgnoredFeatures(context, resource);
        return new BgpPeer
        {
            Name = resource.Name,
            MyAsn = (uint)myAsn,
            PeerAsn = peerAsn == 0 ? null : (uint)peerAsn,
            DynamicAsn = dynamicAsn.Length == 0 ? null : dynamicAsn,
            LocalAsn = resource.LocalAsn is null or 0 ? null : (uint)resource.LocalAsn.Value,
            PeerAddress = peerAddress,
            Interface = iface.Length == 0 ? null : iface,
            SourceAddress = sourceAddress,
            PeerPort = resource.PeerPort is null or 0 ? DefaultPort : (int)resource.PeerPort.Value,
            HoldTime = holdTime,
            KeepaliveTime = keepaliveTime,
            ConnectTime = connectTime,
            RouterId = routerId,
            NodeSelectors = [.. resource.NodeSelectors],
            Password = password,
            BfdProfile = string.IsNullOrEmpty(resource.BfdProfile) ? null : resource.BfdProfile,
            EnableGracefulRestart = resource.EnableGracefulRestart,
            EbgpMultiHop = resource.EbgpMultiHop,
            Vrf = string.IsNullOrEmpty(resource.Vrf) ? null : resource.Vrf,
            DualStackAddressFamily = resource.DualStackAddressFamily,
        };
    }

    /// <summary>
    /// v1beta1 is converted to v1beta2 by MetalLB's webhook: myASN, peerASN and peerAddress are required, holdTime and
    /// keepaliveTime are plain values (so an absent one arrives as <c>0s</c>), and fields v1beta1 does not have are dropped
    /// (the API server prunes unknown fields).
    /// </summary>
    private static BgpPeerResource NormalizeV1Beta1(ParseContext context, BgpPeerResource resource, out string? missing)
    {
        missing = resource.MyAsn is null ? "spec.myASN: Required value (BGPPeer v1beta1)"
            : resource.PeerAsn is null ? "spec.peerASN: Required value (BGPPeer v1beta1)"
            : string.IsNullOrEmpty(resource.PeerAddress) ? "spec.peerAddress: Required value (BGPPeer v1beta1)"
            : null;

        var dropped = new List<string>();
        if (resource.DynamicAsn is not null) { dropped.Add("dynamicASN"); }
        if (resource.LocalAsn is not null) { dropped.Add("localASN"); }
        if (resource.Interface is not null) { dropped.Add("interface"); }
        if (resource.ConnectTime is not null) { dropped.Add("connectTime"); }
        if (resource.PasswordSecretName is not null) { dropped.Add("passwordSecret"); }
        if (resource.EnableGracefulRestart) { dropped.Add("enableGracefulRestart"); }
        if (resource.Vrf is not null) { dropped.Add("vrf"); }
        if (resource.DisableMP) { dropped.Add("disableMP"); }
        if (resource.DualStackAddressFamily) { dropped.Add("dualStackAddressFamily"); }
        foreach (var field in dropped)
        {
            context.Diagnostics.Warning(resource, $"spec.{field} is not a BGPPeer v1beta1 field and is ignored; use metallb.io/v1beta2");
        }

        if (missing is null && resource.HoldTime is null)
        {
            context.Diagnostics.Warning(
                resource,
                "spec.holdTime is not set: BGPPeer v1beta1 converts it to 0s, which disables keepalives and the hold timer "
                + "(as in MetalLB); set it, e.g. 90s");
        }

        return resource with
        {
            DynamicAsn = null,
            LocalAsn = null,
            Interface = null,
            ConnectTime = null,
            PasswordSecretName = null,
            PasswordSecretNamespace = null,
            EnableGracefulRestart = false,
            Vrf = null,
            DisableMP = false,
            DualStackAddressFamily = false,
            HoldTime = resource.HoldTime ?? "0s",
            KeepaliveTime = resource.KeepaliveTime ?? "0s",
        };
    }

    private static string? CheckRanges(BgpPeerResource resource, bool v1beta1)
    {
        if (resource.MyAsn is < 0 or > uint.MaxValue)
        {
            return $"spec.myASN: {resource.MyAsn} is out of range 0..{uint.MaxValue}";
        }

        if (resource.PeerAsn is < 0 or > uint.MaxValue)
        {
            return $"spec.peerASN: {resource.PeerAsn} is out of range 0..{uint.MaxValue}";
        }

        if (resource.LocalAsn is < 1 or > uint.MaxValue)
        {
            return $"spec.localASN: {resource.LocalAsn} is out of range 1..{uint.MaxValue}";
        }

        var minPort = v1beta1 ? 0 : 1;
        if (resource.PeerPort is { } port && (port < minPort || port > MaxPort))
        {
            return $"spec.peerPort: {port} is out of range {minPort}..{MaxPort}";
        }

        return null;
    }

    private static bool TryParseTimers(BgpPeerResource resource, out TimeSpan? holdTime, out TimeSpan? keepaliveTime, out string? problem)
    {
        holdTime = null;
        keepaliveTime = null;
        problem = null;
        TimeSpan? ht = null;
        TimeSpan? ka = null;
        if (resource.HoldTime is { } holdText)
        {
            if (!GoDuration.TryParse(holdText, out var parsed))
            {
                problem = $"spec.holdTime: time: invalid duration \"{holdText}\"";
                return false;
            }

            ht = parsed;
        }

        if (resource.KeepaliveTime is { } kaText)
        {
            if (!GoDuration.TryParse(kaText, out var parsed))
            {
                problem = $"spec.keepaliveTime: time: invalid duration \"{kaText}\"";
                return false;
            }

            ka = parsed;
        }

        if (ht is null && ka is null)
        {
            return true;
        }

        // parseTimers: only hold ⇒ keepalive = hold/3; only keepalive ⇒ hold = 3 × keepalive.
        holdTime = ht ?? ka!.Value * 3;
        keepaliveTime = ka ?? ht!.Value / 3;

        // RFC 4271 §4.2: the hold time is zero or at least three seconds (MetalLB truncates to whole seconds first).
        var rounded = TimeSpan.FromSeconds(Math.Truncate(holdTime.Value.TotalSeconds));
        if (rounded != TimeSpan.Zero && rounded < s_minimumHoldTime)
        {
            problem = $"invalid BGPPeer timers: invalid hold time \"{resource.HoldTime ?? GoDuration.Format(holdTime.Value)}\": must be 0 or >=3s";
            return false;
        }

        if (keepaliveTime > holdTime)
        {
            problem = $"invalid BGPPeer timers: invalid keepaliveTime \"{resource.KeepaliveTime}\", must be lower than holdTime \"{resource.HoldTime}\"";
            return false;
        }

        return true;
    }

    private static bool TryParseConnectTime(BgpPeerResource resource, out TimeSpan? connectTime, out string? problem)
    {
        connectTime = null;
        problem = null;
        if (resource.ConnectTime is not { } text)
        {
            return true;
        }

        if (!GoDuration.TryParse(text, out var parsed))
        {
            problem = $"spec.connectTime: time: invalid duration \"{text}\"";
            return false;
        }

        // CRD (CEL): between 1s and 65535s, whole seconds.
        if (parsed < TimeSpan.FromSeconds(1) || parsed > s_maximumConnectTime || parsed.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            problem = $"spec.connectTime: \"{text}\" must be between 1s and 65535s and a whole number of seconds";
            return false;
        }

        connectTime = parsed;
        return true;
    }

    private static bool TryResolveSecret(
        ParseContext context, BgpPeerResource resource, string secretName, string ns, out string? password, out string? problem, out bool transient)
    {
        password = null;
        problem = null;
        transient = false;

        // MetalLB reads password Secrets from its own namespace only.
        var secret = context.Resources.Secrets.FirstOrDefault(s =>
            string.Equals(s.Name, secretName, StringComparison.Ordinal)
            && string.Equals(s.Namespace ?? context.MetalLbNamespace, context.MetalLbNamespace, StringComparison.Ordinal));
        if (secret is null)
        {
            problem = $"secret ref not found for peer config \"{ns}\"/\"{resource.Name}\"";
            transient = true;
            return false;
        }

        var secretNs = secret.Namespace ?? context.MetalLbNamespace;
        if (!string.Equals(secret.Type, BasicAuthSecretType, StringComparison.Ordinal))
        {
            problem = $"secret type mismatch on \"{secretNs}\"/\"{secret.Name}\", type \"{BasicAuthSecretType}\" is expected";
            return false;
        }

        if (!secret.Data.TryGetValue("password", out password))
        {
            problem = $"password not specified in the secret \"{secretNs}\"/\"{secret.Name}\"";
            return false;
        }

        if (password.AsSpan().ContainsAny('\n', '\r'))
        {
            problem = $"password secret for peer \"{ns}\"/\"{resource.Name}\" contains invalid characters";
            return false;
        }

        return true;
    }

    private static void WarnIgnoredFeatures(ParseContext context, BgpPeerResource resource)
    {
        void Warn(string field, string why)
            => context.Diagnostics.Warning(resource, $"spec.{field} is accepted but ignored by Ingot: {why}");

        // A warning, not an error: an error would hold back the whole configuration, and every other peer with it.
        if (!string.IsNullOrEmpty(resource.Interface))
        {
            context.Diagnostics.Warning(
                resource,
                $"spec.interface: this peer gets no session: Ingot does not peer unnumbered (over {resource.Interface}'s IPv6 "
                + "link-local address) yet; set spec.peerAddress to the router's address on that link instead");
        }

        if (resource.DisableMP)
        {
            Warn("disableMP", "the field is deprecated and has no effect; use dualStackAddressFamily");
        }
    }

    /// <summary>Everything of a parsed peer but its name, for the "already exists" rule.</summary>
    private static string Identity(BgpPeer p) => string.Join(
        '\u0001',
        p.MyAsn.ToString(CultureInfo.InvariantCulture),
        p.PeerAsn?.ToString(CultureInfo.InvariantCulture),
        p.DynamicAsn,
        p.LocalAsn?.ToString(CultureInfo.InvariantCulture),
        p.PeerAddress?.ToString(),
        p.Interface,
        p.SourceAddress?.ToString(),
        p.PeerPort.ToString(CultureInfo.InvariantCulture),
        p.HoldTime?.Ticks.ToString(CultureInfo.InvariantCulture),
        p.KeepaliveTime?.Ticks.ToString(CultureInfo.InvariantCulture),
        p.ConnectTime?.Ticks.ToString(CultureInfo.InvariantCulture),
        p.RouterId?.ToString(),
        string.Join('\u0002', p.NodeSelectors.Select(SelectorValidator.SelectorKey)),
        p.Password,
        p.BfdProfile,
        p.EnableGracefulRestart.ToString(),
        p.EbgpMultiHop.ToString(),
        p.Vrf,
        p.DualStackAddressFamily.ToString());
}
