namespace Ingot.Plugins.L2.Interfaces;

/// <summary>RFC 2863 operational state as the kernel reports it in <c>IFLA_OPERSTATE</c> (include/uapi/linux/if.h).</summary>
internal enum OperState : byte
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
}
