namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>Why a datagram was accepted or dropped; the dropped reasons are the <c>reason</c> label of
/// <c>ingot_membership_messages_dropped_total</c>.</summary>
internal enum DecodeStatus
{
    Ok,

    /// <summary>Not a membership datagram of this version, truncated, or inconsistent after the MAC checked out.</summary>
    Malformed,

    /// <summary>The MAC does not match the shared key.</summary>
    Authentication,
}
