namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>What a piggybacked rumour says about a member (SWIM-style dissemination beyond the directly watched ring).</summary>
internal enum RumourKind : byte
{
    Alive = 1,
    Dead = 2,
    Left = 3,
}
