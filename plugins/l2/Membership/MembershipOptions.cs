using System.Collections.Immutable;
using System.Globalization;
using System.Net;

namespace Ingot.Plugins.L2.Membership;

/// <summary>The <c>membership.*</c> settings of the l2 plugin (docs/failover.md lists them with their defaults).</summary>
internal sealed class MembershipOptions
{
    /// <summary>Every membership setting starts with this; the caller hands over only those.</summary>
    public static readonly string Prefix = "membership.";

    public const string KeyFileKey = "membership.keyFile";
    public const string PortKey = "membership.port";
    public const string IntervalKey = "membership.interval";
    public const string MultiplierKey = "membership.multiplier";
    public const string PeersKey = "membership.peers";
    public const string HoldDownKey = "membership.holdDown";
    public const string BindAddressKey = "membership.bindAddress";
    public const string TwoNodeKey = "membership.twoNode";
    public const string FanoutKey = "membership.fanout";

    /// <summary>Every key this class accepts, for the unknown-key message.</summary>
    public static readonly ImmutableArray<string> KnownKeys =
        [KeyFileKey, PortKey, IntervalKey, MultiplierKey, PeersKey, HoldDownKey, BindAddressKey, TwoNodeKey, FanoutKey];

    /// <summary>The UDP port MetalLB's memberlist uses, so existing firewall rules keep working.</summary>
    public const int DefaultPort = 7946;

    /// <summary>The path of the shared key; null turns membership off (the Node-readiness election).</summary>
    public string? KeyFile { get; init; }

    public bool Enabled => KeyFile is not null;

    public int Port { get; init; } = DefaultPort;

    /// <summary>Heartbeat interval T.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Detect multiplier D: a member unheard for D×T is dead.</summary>
    public int Multiplier { get; init; } = 3;

    /// <summary>Node name → membership address; when set it replaces the addresses given to <see cref="IMembership.SetPeers"/>.</summary>
    public ImmutableDictionary<string, IPAddress>? Peers { get; init; }

    /// <summary>How long a returning member must stay alive before it is settled and may take addresses back. Default 5 s:
    /// longer than a few detection times, so a speaker that flaps (crash, restart, crash) moves its addresses once, not
    /// back and forth; short against kubelet's crash-loop back-off (10 s and more), so a restarted node is preferred again
    /// before its next restart would be due.</summary>
    public TimeSpan HoldDown { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the UDP socket listens; the IPv6 any address (dual-stack) by default.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.IPv6Any;

    public TwoNodePolicy TwoNode { get; init; } = TwoNodePolicy.Availability;

    /// <summary>Above this many other members each speaker heartbeats only this many ring neighbours and gossips the rest
    /// (docs/failover.md, "Scale"); up to it, everyone heartbeats everyone.</summary>
    public int Fanout { get; init; } = 16;

    public TimeSpan DetectionTime => Interval * Multiplier;

    /// <summary>Reads the <c>membership.*</c> settings, rejecting unknown keys and bad values with a message naming the setting.</summary>
    public static MembershipOptions FromSettings(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? keyFile = null;
        int port = DefaultPort, multiplier = 3, fanout = 16;
        var interval = TimeSpan.FromMilliseconds(100);
        var holdDown = TimeSpan.FromSeconds(5);
        ImmutableDictionary<string, IPAddress>? peers = null;
        var bind = IPAddress.IPv6Any;
        var twoNode = TwoNodePolicy.Availability;
        foreach (var (key, value) in settings)
        {
            switch (key)
            {
                case KeyFileKey:
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        throw Bad(key, value, "is not a file path");
                    }

                    keyFile = value.Trim();
                    break;
                case PortKey:
                    port = Integer(key, value, 1, 65535, "is not a UDP port from 1 to 65535");
                    break;
                case IntervalKey:
                    interval = TimeSpan.FromMilliseconds(Integer(key, value, 10, 60_000, "is not an interval in milliseconds from 10 to 60000"));
                    break;
                case MultiplierKey:
                    // Fencing needs one interval of margin before the others declare this node dead (docs/failover.md, "Quorum").
                    multiplier = Integer(key, value, 3, 255, "is not a detect multiplier from 3 to 255");
                    break;
                case FanoutKey:
                    fanout = Integer(key, value, 2, 1024, "is not a fan-out from 2 to 1024");
                    break;
                case HoldDownKey:
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || double.IsNaN(seconds) || seconds < 0 || seconds > 3600)
                    {
                        throw Bad(key, value, "is not a number of seconds from 0 to 3600");
                    }

                    holdDown = TimeSpan.FromSeconds(seconds);
                    break;
                case BindAddressKey:
                    if (!IPAddress.TryParse(value.Trim(), out var address))
                    {
                        throw Bad(key, value, "is not an IP address");
                    }

                    bind = address;
                    break;
                case TwoNodeKey:
                    twoNode = value.Trim() switch
                    {
                        "availability" => TwoNodePolicy.Availability,
                        "tiebreak" => TwoNodePolicy.Tiebreak,
                        _ => throw Bad(key, value, "is not a two-node policy (availability, tiebreak)"),
                    };
                    break;
                case PeersKey:
                    peers = ParsePeers(value);
                    break;
                default:
                    throw new ArgumentException($"l2: unknown setting '{key}' (known: {string.Join(", ", KnownKeys)})", nameof(settings));
            }
        }

        return new MembershipOptions
        {
            KeyFile = keyFile,
            Port = port,
            Interval = interval,
            Multiplier = multiplier,
            Fanout = fanout,
            HoldDown = holdDown,
            BindAddress = bind,
            TwoNode = twoNode,
            Peers = peers,
        };
    }

    private static ImmutableDictionary<string, IPAddress> ParsePeers(string value)
    {
        var peers = ImmutableDictionary.CreateBuilder<string, IPAddress>(StringComparer.Ordinal);
        foreach (var raw in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !IPAddress.TryParse(raw[(eq + 1)..].Trim(), out var address))
            {
                throw Bad(PeersKey, value, $"is not a list of node=address pairs ('{raw}' is not node=address)");
            }

            var node = raw[..eq].Trim();
            if (!peers.TryAdd(node, address))
            {
                throw Bad(PeersKey, value, $"names node '{node}' twice");
            }
        }

        return peers.ToImmutable();
    }

    private static int Integer(string key, string value, int min, int max, string what)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : throw Bad(key, value, what);

    private static ArgumentException Bad(string key, string value, string what)
        => new($"l2: setting '{key}': '{value}' {what}", nameof(key));
}
