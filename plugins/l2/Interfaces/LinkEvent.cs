namespace Ingot.Plugins.L2.Interfaces;

/// <summary>One interface's state from an rtnetlink RTM_NEWLINK or RTM_DELLINK message. Immutable.</summary>
/// <param name="Index">The interface index.</param>
/// <param name="Name">IFLA_IFNAME; empty when the message carried none.</param>
/// <param name="Flags">ifinfomsg flags (IFF_*).</param>
/// <param name="OperState">IFLA_OPERSTATE; <see cref="Interfaces.OperState.Unknown"/> when absent.</param>
/// <param name="Deleted">RTM_DELLINK: the interface is gone.</param>
internal sealed record LinkEvent(int Index, string Name, uint Flags, OperState OperState, bool Deleted)
{
    /// <summary>IFF_UP: administratively up.</summary>
    public const uint IffUp = 0x1;

    /// <summary>IFF_RUNNING: the kernel's operational-up bit (carrier, and the lower layer up).</summary>
    public const uint IffRunning = 0x40;

    /// <summary>Whether the interface can carry frames now: present, administratively up, running, and an operational state
    /// of up (or unknown, which drivers without carrier reporting leave, such as dummy and tun).</summary>
    public bool IsOperational =>
        !Deleted && (Flags & IffUp) != 0 && (Flags & IffRunning) != 0 && OperState is OperState.Up or OperState.Unknown;
}
