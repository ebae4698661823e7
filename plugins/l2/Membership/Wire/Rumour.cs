namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>
/// One piece of gossip about <paramref name="Node"/>. <paramref name="Version"/> orders rumours about one incarnation: a
/// member that hears itself rumoured dead refutes it with a higher version. <paramref name="SettledForMs"/> is how long the
/// member had held quorum when the rumour was made (Alive only).
/// </summary>
internal readonly record struct Rumour(RumourKind Kind, string Node, ulong Incarnation, uint Version, uint SettledForMs);
