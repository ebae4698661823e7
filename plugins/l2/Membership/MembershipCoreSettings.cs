namespace Ingot.Plugins.L2.Membership;

/// <summary>The timing and scale parameters of <see cref="MembershipCore"/>, derived from <see cref="MembershipOptions"/>.
/// Immutable. Every derived bound is explained in docs/failover.md.</summary>
internal sealed record MembershipCoreSettings
{
    /// <summary>Heartbeat interval T.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Detect multiplier D (at least 3).</summary>
    public int Multiplier { get; init; } = 3;

    public TimeSpan HoldDown { get; init; } = TimeSpan.FromSeconds(5);

    public TwoNodePolicy TwoNode { get; init; } = TwoNodePolicy.Availability;

    /// <summary>Ring neighbours watched directly when the cluster is larger than this plus one.</summary>
    public int Fanout { get; init; } = 16;

    /// <summary>Random non-neighbours each large-cluster heartbeat round also goes to, so rumours spread exponentially
    /// rather than along the ring.</summary>
    public int GossipTargets { get; init; } = 3;

    /// <summary>Rumours piggybacked per datagram.</summary>
    public int RumoursPerMessage { get; init; } = 8;

    /// <summary>Heard entries per datagram in a large cluster: the destination, then a rotating window over every member
    /// with fresh evidence, which keeps the evidence of far members fresh without all-to-all traffic.</summary>
    public int HeardPerMessage { get; init; } = 40;

    /// <summary>Each rumour is retransmitted this many times times log2(N) by every member that learns it (SWIM's λ).</summary>
    public int RumourMultiplier { get; init; } = 3;

    /// <summary>D×T: a member unheard this long is dead.</summary>
    public TimeSpan DetectionTime => Interval * Multiplier;

    /// <summary>F = (D−1)×T − T/4: the last message from a quorum contact must be this fresh. One interval and a quarter
    /// shorter than the detection time, so a node that stops hearing its majority fences itself before anyone can declare
    /// it dead and take over.</summary>
    public TimeSpan ContactFreshness => (Interval * (Multiplier - 1)) - (Interval / 4);

    /// <summary>D×T − T/4: a contact's evidence of having heard this node must be this fresh, so a node whose own messages
    /// stop arriving (one-way loss) fences before the others' detection time runs out.</summary>
    public TimeSpan AckFreshness => DetectionTime - (Interval / 4);

    /// <summary>In a large cluster a member counts towards quorum only with evidence this fresh (forwarded with its age):
    /// the bound on how stale the majority judgement can be.</summary>
    public TimeSpan Staleness => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(2).Ticks, (DetectionTime * 4).Ticks));

    /// <summary>With nothing heard for this long since start the mode becomes fallback (port blocked everywhere).</summary>
    public TimeSpan StartupGrace => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, (DetectionTime * 3).Ticks));

    public static MembershipCoreSettings From(MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MembershipCoreSettings
        {
            Interval = options.Interval,
            Multiplier = options.Multiplier,
            HoldDown = options.HoldDown,
            TwoNode = options.TwoNode,
            Fanout = options.Fanout,
        };
    }
}
