namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>The session states of RFC 4271 §8.2.2.</summary>
internal enum BgpState
{
    Idle,
    Connect,
    Active,
    OpenSent,
    OpenConfirm,
    Established,
}
