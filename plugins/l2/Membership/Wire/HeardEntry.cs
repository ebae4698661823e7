namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>Two-way contact evidence: the sender heard <paramref name="Node"/>'s incarnation <paramref name="Incarnation"/>
/// <paramref name="AgeMs"/> milliseconds before sending (saturating at 65535).</summary>
internal readonly record struct HeardEntry(string Node, ulong Incarnation, ushort AgeMs);
