using System.Collections.Immutable;
using Ingot.Plugins.L2.Membership;
using Ingot.Plugins.L2.Membership.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>
/// A process resumed after SIGSTOP reads the heartbeats its socket queued during the pause. The early ones carry fresh
/// reports of hearing it, and read now they look fresh: found by the SIGSTOP lab test, where the resumed owner took its
/// address straight back. The core must treat the pause as lost quorum and restart the hold-down.
/// </summary>
public sealed class MembershipCorePauseTests
{
    private static readonly MembershipCoreSettings Settings = new() { HoldDown = TimeSpan.FromSeconds(1) };

    [Fact]
    public void Resume_QueuedHeartbeatsFromThePauseStart_NoQuorumAndHoldDownRestarts()
    {
        var time = new FakeTimeProvider();
        var core = new MembershipCore("node-a", 1, Settings, time, new Random(1));
        core.SetPeers(["node-b", "node-c"]);
        ulong sequence = 0;
        void HeardFromPeers()
        {
            sequence++;
            foreach (var peer in new[] { "node-b", "node-c" })
            {
                Assert.Equal(ReceiveOutcome.Accepted, core.Receive(new MembershipMessage(MessageType.Heartbeat, peer, 7, sequence, 1, true, 60_000,
                    [new HeardEntry("node-a", core.Incarnation, 10, true)], ImmutableArray<Rumour>.Empty)));
            }
        }

        for (var i = 0; i < 30; i++)
        {
            core.Tick();
            HeardFromPeers();
            core.Refresh();
            time.Advance(Settings.Interval);
        }

        Assert.True(core.Current.HasQuorum);
        Assert.True(core.Current.SelfSettled);

        // Paused for 2 s: nothing ran. Then the datagrams queued at the start of the pause are read first.
        time.Advance(TimeSpan.FromSeconds(2));
        HeardFromPeers();
        core.Refresh();
        Assert.False(core.Current.HasQuorum);
        Assert.False(core.Current.SelfSettled);
        Assert.False(core.MayAnswer());

        // Fresh contact restores quorum after one detection time, and the hold-down starts over from there.
        for (var i = 0; i < 5; i++)
        {
            time.Advance(Settings.Interval);
            core.Tick();
            HeardFromPeers();
            core.Refresh();
        }

        Assert.True(core.Current.HasQuorum);
        Assert.False(core.Current.SelfSettled);
        Assert.True(core.MayAnswer());
    }
}
