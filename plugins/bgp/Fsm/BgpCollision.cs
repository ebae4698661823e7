namespace Ingot.Plugins.Bgp.Fsm;

/// <summary>Connection collision resolution (RFC 4271 §6.8).</summary>
internal static class BgpCollision
{
    /// <summary>
    /// True when the connection the peer opened survives: RFC 4271 §6.8 closes the connection initiated by the side with
    /// the lower BGP Identifier (compared as unsigned 32-bit numbers).
    /// </summary>
    public static bool KeepIncoming(uint localIdentifier, uint remoteIdentifier) => localIdentifier < remoteIdentifier;
}
