namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>The session state carried in the Sta field of a control packet (RFC 5880 §4.1, §6.2).</summary>
internal enum BfdState : byte
{
    AdminDown = 0,
    Down = 1,
    Init = 2,
    Up = 3,
}
