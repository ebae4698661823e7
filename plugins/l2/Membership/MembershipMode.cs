namespace Ingot.Plugins.L2.Membership;

/// <summary>How the layer 2 election uses membership.</summary>
internal enum MembershipMode
{
    /// <summary>Membership is off (offline commands, or turned off by a setting): today's Node-readiness election.</summary>
    Disabled,

    /// <summary>Membership runs but no peer has ever been heard (the port is blocked everywhere, or this node is alone in a
    /// multi-node cluster since start): fall back to the Node-readiness election rather than go dark or let every node
    /// answer.</summary>
    Fallback,

    /// <summary>Peers are heard: the election runs over live speakers and answering is fenced by the majority rule.</summary>
    Active,
}
