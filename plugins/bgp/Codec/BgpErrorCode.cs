namespace Ingot.Plugins.Bgp.Codec;

/// <summary>NOTIFICATION error codes (RFC 4271 §4.5).</summary>
internal enum BgpErrorCode : byte
{
    MessageHeader = 1,
    OpenMessage = 2,
    UpdateMessage = 3,
    HoldTimerExpired = 4,
    FiniteStateMachine = 5,
    Cease = 6,
    RouteRefreshMessage = 7,
}
