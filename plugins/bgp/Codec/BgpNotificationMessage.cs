namespace Ingot.Plugins.Bgp.Codec;

/// <summary>A NOTIFICATION (RFC 4271 §4.5), with the shutdown communication of RFC 8203/9003 when present.</summary>
/// <param name="Code">Error code.</param>
/// <param name="Subcode">Error subcode.</param>
/// <param name="Data">The data field as received.</param>
/// <param name="ShutdownMessage">Cease/Administrative Shutdown or Reset text, or null.</param>
internal sealed record BgpNotificationMessage(BgpErrorCode Code, byte Subcode, byte[] Data, string? ShutdownMessage)
{
    public override string ToString()
        => ShutdownMessage is null ? $"{Code}/{Subcode}" : $"{Code}/{Subcode} \"{ShutdownMessage}\"";
}
