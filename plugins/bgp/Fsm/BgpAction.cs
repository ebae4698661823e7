using Ingot.Plugins.Bgp.Codec;

namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>One output of <see cref="BgpFsm"/>.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Code">NOTIFICATION code for <see cref="BgpActionKind.SendNotification"/>.</param>
/// <param name="Subcode">NOTIFICATION subcode.</param>
/// <param name="Data">NOTIFICATION data.</param>
/// <param name="Reason">Why, for logs (session down, notification).</param>
internal sealed record BgpAction(BgpActionKind Kind, BgpErrorCode Code = 0, byte Subcode = 0, byte[]? Data = null, string? Reason = null)
{
    public static BgpAction Of(BgpActionKind kind) => new(kind);

    public static BgpAction Notification(BgpErrorCode code, byte subcode, byte[]? data, string reason) => new(BgpActionKind.SendNotification, code, subcode, data, reason);

    public static BgpAction Down(string reason) => new(BgpActionKind.SessionDown, Reason: reason);

    public override string ToString() => Kind == BgpActionKind.SendNotification ? $"{Kind}({Code}/{Subcode})" : Kind.ToString();
}
