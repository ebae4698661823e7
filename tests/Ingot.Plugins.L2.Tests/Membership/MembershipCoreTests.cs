using Ingot.Plugins.L2.Membership;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>The membership state machine in small clusters, on simulated time: detection, quorum, fencing, ties, leaving,
/// restarts, replays and the fallback. Times asserted are simulated (deterministic), never wall-clock.</summary>
public class MembershipCoreTests
{
    private static readonly MembershipCoreSettings Settings = new() { HoldDown = TimeSpan.FromSeconds(1) };

    private static SimulatedCluster Cluster(params string[] names) => new(names, Settings);

    private static SimulatedCluster Steady(params string[] names)
    {
        var c = Cluster(names);
        c.Run(TimeSpan.FromSeconds(2));
        return c;
    }

    [Fact]
    public void ThreeNodes_AllAliveWithQuorumAndSettled()
    {
        var c = Steady("node-a", "node-b", "node-c");
        foreach (var n in c.Names)
        {
            var s = c[n].Current;
            Assert.Equal(MembershipMode.Active, s.Mode);
            Assert.True(s.HasQuorum);
            Assert.True(s.SelfSettled);
            Assert.All(s.Members.Values, m => Assert.Equal(MemberState.Alive, m.State));
            Assert.All(s.Members.Values, m => Assert.True(m.Settled));
            Assert.True(c[n].MayAnswer());
        }
    }

    [Fact]
    public void Crash_DeclaredDeadWithinTheDetectionTimeByEveryOther()
    {
        var c = Steady("node-a", "node-b", "node-c");
        var lastSent = c.Time.GetUtcNow();
        c.Crash("node-a");
        Assert.True(c.RunUntil(TimeSpan.FromSeconds(1), () =>
            c["node-b"].Current.Members["node-a"].State == MemberState.Dead && c["node-c"].Current.Members["node-a"].State == MemberState.Dead));

        // Its last heartbeat left at most one interval before the crash.
        var took = c.Time.GetUtcNow() - lastSent;
        Assert.True(took <= Settings.DetectionTime + TimeSpan.FromMilliseconds(2), $"declared dead {took.TotalMilliseconds} ms after the crash");
        Assert.True(c["node-b"].Current.HasQuorum);
    }

    [Fact]
    public void Isolated_FencesItselfBeforeTheOthersDeclareItDead()
    {
        var c = Steady("node-a", "node-b", "node-c");
        c.Link = (from, to) => from != "node-a" && to != "node-a";
        DateTimeOffset? fenced = null;
        DateTimeOffset? declared = null;
        c.RunUntil(TimeSpan.FromSeconds(2), () =>
        {
            fenced ??= c["node-a"].MayAnswer() ? null : c.Time.GetUtcNow();
            declared ??= c["node-b"].Current.Members["node-a"].State == MemberState.Dead ? c.Time.GetUtcNow() : null;
            return fenced is not null && declared is not null;
        });

        Assert.NotNull(fenced);
        Assert.NotNull(declared);
        Assert.True(fenced < declared, $"fenced at {fenced:HH:mm:ss.fff}, declared dead at {declared:HH:mm:ss.fff}");
        Assert.True(c["node-a"].Current.Fenced);
    }

    [Fact]
    public void Paused_MayNotAnswerOnResumeUntilItHearsAMajorityAgain()
    {
        var c = Steady("node-a", "node-b", "node-c");
        c.Pause("node-a");
        c.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(MemberState.Dead, c["node-b"].Current.Members["node-a"].State);

        // Judged against the clock at the moment of the call, before the resumed process refreshed anything.
        Assert.False(c["node-a"].MayAnswer());
        c.Resume("node-a");
        Assert.True(c.RunUntil(TimeSpan.FromSeconds(1), () => c["node-a"].MayAnswer()));
        Assert.True(c.RunUntil(TimeSpan.FromSeconds(1), () => c["node-b"].Current.Members["node-a"].State == MemberState.Alive));

        // Back, but not settled until it held quorum for the hold-down, and every node agrees on that.
        Assert.False(c["node-b"].Current.IsSettled("node-a"));
        Assert.False(c["node-a"].Current.SelfSettled);
        Assert.True(c.RunUntil(Settings.HoldDown * 2, () => c["node-a"].Current.SelfSettled && c["node-b"].Current.IsSettled("node-a") && c["node-c"].Current.IsSettled("node-a")));
    }

    [Fact]
    public void BlockedBetweenTwo_BothKeepQuorumAndSeeEachOtherAliveThroughTheThird()
    {
        var c = Steady("node-a", "node-b", "node-c");
        c.Link = (from, to) => !((from == "node-a" && to == "node-b") || (from == "node-b" && to == "node-a"));
        c.Run(TimeSpan.FromSeconds(2));
        Assert.True(c["node-a"].MayAnswer());
        Assert.True(c["node-b"].MayAnswer());

        // So both rank the same live set, and the election gives each address to one of them only.
        Assert.Equal(MemberState.Alive, c["node-a"].Current.Members["node-b"].State);
        Assert.Equal(MemberState.Alive, c["node-b"].Current.Members["node-a"].State);
    }

    [Fact]
    public void Leave_IsLeftAtOnce()
    {
        var c = Steady("node-a", "node-b", "node-c");
        c.Leave("node-a");
        c.Run(TimeSpan.FromMilliseconds(5));
        Assert.Equal(MemberState.Left, c["node-b"].Current.Members["node-a"].State);
        Assert.Equal(MemberState.Left, c["node-c"].Current.Members["node-a"].State);
    }

    [Fact]
    public void Restart_NewIncarnationAliveButUnsettledAndOldMessagesAreReplays()
    {
        var c = Steady("node-a", "node-b", "node-c");
        var old = c["node-a"].Tick().First(o => o.Destination == "node-b").Message;
        c.Run(TimeSpan.FromMilliseconds(500));
        c.Restart("node-a");
        Assert.True(c.RunUntil(TimeSpan.FromMilliseconds(300), () => c["node-b"].Current.Members["node-a"].Incarnation == c["node-a"].Incarnation));
        Assert.True(old.Incarnation < c["node-a"].Incarnation);
        Assert.Equal(MemberState.Alive, c["node-b"].Current.Members["node-a"].State);
        Assert.False(c["node-b"].Current.IsSettled("node-a"));
        Assert.Equal(ReceiveOutcome.Replay, c["node-b"].Receive(old));
    }

    [Fact]
    public void Receive_RepeatedSequence_IsReplay_UnknownSender_IsRefused()
    {
        var c = Steady("node-a", "node-b", "node-c");
        var m = c["node-a"].Tick().First(o => o.Destination == "node-b").Message;
        Assert.Equal(ReceiveOutcome.Accepted, c["node-b"].Receive(m));
        Assert.Equal(ReceiveOutcome.Replay, c["node-b"].Receive(m));
        Assert.Equal(ReceiveOutcome.UnknownSender, c["node-b"].Receive(m with { Sender = "node-x" }));
        Assert.Equal(ReceiveOutcome.Replay, c["node-b"].Receive(m with { Sender = "node-b", Sequence = m.Sequence + 1 }));
    }

    [Fact]
    public void Unreachable_IsDeadAtOnceUntilHeardAgain()
    {
        var c = Steady("node-a", "node-b", "node-c");
        c["node-b"].Unreachable("node-a");
        c["node-b"].Refresh();
        Assert.Equal(MemberState.Dead, c["node-b"].Current.Members["node-a"].State);
        c.Run(TimeSpan.FromMilliseconds(200));
        Assert.Equal(MemberState.Alive, c["node-b"].Current.Members["node-a"].State);
    }

    [Fact]
    public void NothingEverHeard_FallsBackAfterTheStartupGrace_ThenActiveWhenAPeerIsHeard()
    {
        var c = Cluster("node-a", "node-b", "node-c");
        c.Link = (_, _) => false;
        c.Run(Settings.StartupGrace - TimeSpan.FromMilliseconds(50));
        Assert.Equal(MembershipMode.Active, c["node-a"].Current.Mode);
        Assert.False(c["node-a"].MayAnswer());
        c.Run(TimeSpan.FromMilliseconds(150));
        Assert.Equal(MembershipMode.Fallback, c["node-a"].Current.Mode);
        Assert.True(c["node-a"].MayAnswer());
        Assert.False(c["node-a"].Current.Fenced);
        c.Link = (_, _) => true;
        Assert.True(c.RunUntil(TimeSpan.FromSeconds(1), () => c["node-a"].Current.Mode == MembershipMode.Active && c["node-a"].MayAnswer()));
    }

    [Fact]
    public void FourNodesSplitInHalves_ExactlyTheHalfWithTheLowestRankKeepsQuorum()
    {
        var names = new[] { "node-a", "node-b", "node-c", "node-d" };
        var c = Steady(names);
        var lowest = names.OrderBy(MembershipCore.Rank).First();
        var half = new HashSet<string> { lowest, names.First(n => n != lowest) };
        c.Link = (from, to) => half.Contains(from) == half.Contains(to);
        c.Run(TimeSpan.FromSeconds(2));
        foreach (var n in names)
        {
            Assert.Equal(half.Contains(n), c[n].MayAnswer());
        }
    }

    [Theory]
    [InlineData("Availability")]
    [InlineData("Tiebreak")]
    public void TwoNodesApart_FollowThePolicy(string policyName)
    {
        var policy = Enum.Parse<TwoNodePolicy>(policyName);
        var c = new SimulatedCluster(["node-a", "node-b"], Settings with { TwoNode = policy });
        c.Run(TimeSpan.FromSeconds(2));
        c.Link = (_, _) => false;
        c.Run(TimeSpan.FromSeconds(2));
        var favoured = new[] { "node-a", "node-b" }.OrderBy(MembershipCore.Rank).First();
        foreach (var n in new[] { "node-a", "node-b" })
        {
            Assert.Equal(policy == TwoNodePolicy.Availability || n == favoured, c[n].MayAnswer());
        }
    }

    [Fact]
    public void Alone_NoPeers_AlwaysHasQuorum()
    {
        var c = Steady("node-a");
        Assert.True(c["node-a"].MayAnswer());
        Assert.Equal(MembershipMode.Active, c["node-a"].Current.Mode);
    }

    [Fact]
    public void SetPeers_KeepsTheStateOfMembersThatStay()
    {
        var c = Steady("node-a", "node-b", "node-c");
        Assert.True(c["node-a"].SetPeers(["node-a", "node-b", "node-c", "node-d"]));
        Assert.False(c["node-a"].SetPeers(["node-b", "node-c", "node-d"]));
        c["node-a"].Refresh();
        Assert.Equal(MemberState.Alive, c["node-a"].Current.Members["node-b"].State);
        Assert.Equal(MemberState.Unknown, c["node-a"].Current.Members["node-d"].State);
    }

    [Fact]
    public void LinkDown_PeersSeeItInTheNextRound_SelfNotSettledUntilHoldDownAfterReturn()
    {
        var c = Steady("node-a", "node-b", "node-c");
        Assert.True(c["node-a"].SetLinkDown(true));
        Assert.False(c["node-a"].SetLinkDown(true));
        Assert.True(c["node-a"].Refresh());
        Assert.True(c["node-a"].Current.SelfLinkDown);
        Assert.False(c["node-a"].Current.SelfSettled);
        Assert.True(c.RunUntil(TimeSpan.FromMilliseconds(150), () =>
            c["node-b"].Current.IsLinkDown("node-a") && c["node-c"].Current.IsLinkDown("node-a")));

        // Alive and with quorum all along: only its candidacy went.
        Assert.Equal(MemberState.Alive, c["node-b"].Current.Members["node-a"].State);
        Assert.True(c["node-a"].MayAnswer());

        c["node-a"].SetLinkDown(false);
        c.Run(TimeSpan.FromMilliseconds(300));
        Assert.False(c["node-b"].Current.IsLinkDown("node-a"));
        Assert.False(c["node-b"].Current.IsSettled("node-a"));
        c.Run(Settings.HoldDown);
        Assert.True(c["node-b"].Current.IsSettled("node-a"));
        Assert.True(c["node-a"].Current.SelfSettled);
    }
}
