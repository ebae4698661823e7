namespace Ingot.Plugins.Bgp.Transport;

/// <summary>The parts of a session the announcer and tests read.</summary>
/// <param name="State">FSM state.</param>
/// <param name="Announced">Prefixes the peer holds from us.</param>
/// <param name="Pending">Prefixes we want the peer to hold.</param>
internal readonly record struct BgpSessionState(Fsm.BgpState State, int Announced, int Pending);
