namespace Ingot.Plugins.L2.Membership;

/// <summary>What this speaker believes of another speaker.</summary>
internal enum MemberState
{
    /// <summary>Heard within the detection time, in both directions.</summary>
    Alive,

    /// <summary>Not heard within the detection time, or an ICMP port-unreachable came from its address.</summary>
    Dead,

    /// <summary>It said it is leaving (SIGTERM); not a candidate until it is heard again with a new incarnation.</summary>
    Left,

    /// <summary>Expected (a peer of the configuration) but never heard since this speaker started.</summary>
    Unknown,
}
