namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>
/// Contact evidence: the sender has evidence, <paramref name="AgeMs"/> milliseconds old when it sent (at most 32767), that
/// <paramref name="Node"/>'s incarnation <paramref name="Incarnation"/> was alive, with or without quorum. About the
/// destination itself it is the two-way proof the quorum rule needs; about others it is indirect liveness.
/// </summary>
internal readonly record struct HeardEntry(string Node, ulong Incarnation, ushort AgeMs, bool HasQuorum)
{
    public const ushort MaxAgeMs = 0x7FFF;
}
