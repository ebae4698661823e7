namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>What the state machine asks the transport to do.</summary>
internal enum BgpActionKind
{
    /// <summary>Open an outgoing TCP connection.</summary>
    Connect,

    /// <summary>Drop any pending outgoing connection attempt (an incoming one was taken).</summary>
    AbortConnect,

    SendOpen,
    SendKeepalive,

    /// <summary>Send a NOTIFICATION (see <see cref="BgpAction.Code"/>), then close.</summary>
    SendNotification,

    CloseConnection,

    /// <summary>The session reached Established: send the whole table, then End-of-RIB.</summary>
    Established,

    /// <summary>The peer asked for a ROUTE-REFRESH (RFC 2918 §4): send the whole table again.</summary>
    ResendAll,

    /// <summary>The session left Established (or failed before it).</summary>
    SessionDown,
}
