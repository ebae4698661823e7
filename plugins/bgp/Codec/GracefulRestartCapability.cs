namespace Ingot.Plugins.Bgp.Codec;

/// <summary>The Graceful Restart capability (RFC 4724 §3).</summary>
/// <param name="RestartState">R bit: the sender has restarted.</param>
/// <param name="RestartTimeSeconds">How long the peer keeps our routes while we are gone (12 bits).</param>
/// <param name="Families">Families whose forwarding state is preserved, with the F bit.</param>
internal sealed record GracefulRestartCapability(bool RestartState, ushort RestartTimeSeconds, IReadOnlyList<(BgpFamily Family, bool ForwardingPreserved)> Families);
