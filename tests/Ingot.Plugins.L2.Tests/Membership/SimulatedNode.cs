using Ingot.Plugins.L2.Membership;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>One speaker of a <see cref="SimulatedCluster"/>: its core, whether its process runs, and its message counts.</summary>
internal sealed class SimulatedNode(string name, MembershipCore core, long generation)
{
    public string Name { get; } = name;

    public MembershipCore Core { get; } = core;

    public bool Running { get; set; } = true;

    /// <summary>Identifies the live tick chain; a paused and resumed node starts a new one.</summary>
    public long Generation { get; set; } = generation;

    public long Sent { get; set; }

    public long Received { get; set; }

    public MembershipSnapshot Current => Core.Current;

    /// <summary>The earliest deadline wake-up already planned, on the core's clock.</summary>
    public TimeSpan WakeAt { get; set; } = TimeSpan.MaxValue;
}
