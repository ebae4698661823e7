namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>What <see cref="BfdFsm"/> asks its driver to do after one event.</summary>
/// <param name="StateChanged">The session state changed; read it and the diagnostic from the FSM.</param>
/// <param name="Transmit">A control packet to send now, if any.</param>
internal readonly record struct BfdStep(bool StateChanged, BfdControlPacket? Transmit)
{
    public static BfdStep None => default;
}
