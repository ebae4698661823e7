using System.Collections.Immutable;

namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>One membership datagram, decoded. Immutable.</summary>
/// <param name="Type">Heartbeat or leaving.</param>
/// <param name="Sender">The sender's node name.</param>
/// <param name="Incarnation">Random per process start: a new value means the old process is gone.</param>
/// <param name="Sequence">Strictly increasing per incarnation (replay protection).</param>
/// <param name="Version">The sender's refutation counter for its own incarnation.</param>
/// <param name="HasQuorum">The sender held quorum when it sent.</param>
/// <param name="SettledForMs">How long the sender has held quorum without a break (saturating), so every receiver judges
/// its hold-down the same way it does itself.</param>
/// <param name="Heard">Members the sender heard recently, with their incarnation and how long ago.</param>
/// <param name="Rumours">Piggybacked gossip.</param>
/// <param name="LinkDown">Every interface the sender announces on is down: it is no candidate, though alive.</param>
internal sealed record MembershipMessage(
    MessageType Type,
    string Sender,
    ulong Incarnation,
    ulong Sequence,
    uint Version,
    bool HasQuorum,
    uint SettledForMs,
    ImmutableArray<HeardEntry> Heard,
    ImmutableArray<Rumour> Rumours,
    bool LinkDown = false);
