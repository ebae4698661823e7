using System.Net;
using Ingot.Host.Pipeline;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Testing;

namespace Ingot.Host.Tests.Pipeline;

public sealed class PipelineRunnerTests
{
    private static ClusterState TwoServices(bool leader = true) => new ClusterStateBuilder()
        .AddNode("node-a")
        .AddNode("node-b")
        .AddLoadBalancer("default", "web")
        .AddLoadBalancer("default", "db", s => s with
        {
            StatusAddresses = [IPAddress.Parse("192.0.2.7")],
            Annotations = new Dictionary<string, string> { ["metallb.io/ip-allocated-from-pool"] = "first-pool" },
        })
        .AsAllocationLeader(leader)
        .Build();

    [Fact]
    public async Task Run_BurstOfSnapshots_OnePassOnTheNewest()
    {
        var announcer = new RecordingAnnouncer();
        await using var h = new PipelineHarness(new TestAllocator(), announcer);
        await h.StartAsync();

        h.Source.Push(TwoServices());
        h.Source.Push(TwoServices());
        h.Source.Push(TwoServices());
        await h.NextAsync(PipelineEventKind.SnapshotReceived, e => e.State!.Revision == 3);
        await h.NextAsync(PipelineEventKind.DebounceStarted);
        h.Time.Advance(h.Options.Debounce);
        var pass = await h.NextAsync(PipelineEventKind.PassCompleted);

        Assert.Equal(3, pass.State!.Revision);
        var applied = Assert.Single(announcer.Applied.Items);
        Assert.Equal(3, applied.State.Revision);
        Assert.Single(h.Allocator!.Calls.Items);
        Assert.False(h.Runner.Events.TryRead(out _));
    }

    [Fact]
    public async Task Run_BeforeDebounceElapses_NoPass()
    {
        var announcer = new RecordingAnnouncer();
        await using var h = new PipelineHarness(new TestAllocator(), announcer);
        await h.StartAsync();

        h.Source.Push(TwoServices());
        await h.NextAsync(PipelineEventKind.DebounceStarted);
        h.Time.Advance(h.Options.Debounce - TimeSpan.FromMilliseconds(1));

        Assert.Equal(0, announcer.Applied.Count);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await h.NextAsync(PipelineEventKind.PassCompleted);
        Assert.Equal(1, announcer.Applied.Count);
    }

    [Fact]
    public async Task Run_Leader_AllocatesWritesStatusAppliesReportsAndBecomesReady()
    {
        var announcer = new RecordingAnnouncer("layer2");
        await using var h = new PipelineHarness(new TestAllocator(), announcer);
        await h.StartAsync();
        Assert.False(h.Health.IsReady);

        var pass = await h.PushAndReconcileAsync(TwoServices());

        Assert.True(pass.Outcome!.Succeeded);
        Assert.True(h.Health.IsRunning);
        Assert.True(h.Health.IsReady);
        var write = Assert.Single(h.Source.StatusWrites.Items);
        Assert.Equal(["default/db=198.51.100.1", "default/web=198.51.100.2"],
            write.Allocation.Assignments.Select(a => $"{a.Service}={string.Join(",", a.Addresses)}"));
        var applied = Assert.Single(announcer.Applied.Items);
        Assert.Equal("node-a", applied.NodeName);
        Assert.Same(write.Allocation, pass.Outcome.Allocation);
        Assert.Equal(["198.51.100.1", "198.51.100.2"], applied.ForThisNode.SelectMany(a => a.Addresses).Select(a => a.ToString()));
        var report = Assert.Single(h.Source.Reports.Items);
        Assert.Equal("node-a", report.NodeName);
        Assert.Same(applied.Plan, Assert.Single(report.Plans));
    }

    [Fact]
    public async Task Run_NotLeader_PlansFromStatusAddressesWithoutAllocatingOrWritingStatus()
    {
        var announcer = new RecordingAnnouncer();
        await using var h = new PipelineHarness(new TestAllocator(), announcer);
        await h.StartAsync();

        var pass = await h.PushAndReconcileAsync(TwoServices(leader: false));

        Assert.Equal(0, h.Allocator!.Calls.Count);
        Assert.Equal(0, h.Source.StatusWrites.Count);
        var assignment = Assert.Single(pass.Outcome!.Allocation.Assignments);
        Assert.Equal(new ServiceKey("default", "db"), assignment.Service);
        Assert.Equal("first-pool", assignment.Pool);
        Assert.Equal([IPAddress.Parse("192.0.2.7")], assignment.Addresses);
        Assert.Equal(["192.0.2.7"], announcer.Applied.Last.ForThisNode.SelectMany(a => a.Addresses).Select(a => a.ToString()));
    }

    [Fact]
    public async Task Run_AnnouncerThrowsInApply_OtherAnnouncerStillAppliesAndThePassIsRetried()
    {
        var failing = new RecordingAnnouncer("failing") { FailApply = _ => new InvalidOperationException("boom") };
        var healthy = new RecordingAnnouncer("healthy");
        await using var h = new PipelineHarness(new TestAllocator(), failing, healthy);
        await h.StartAsync();

        var pass = await h.PushAndReconcileAsync(TwoServices());

        var (plugin, error) = Assert.Single(pass.Outcome!.Failures);
        Assert.Equal("failing", plugin);
        Assert.Equal("boom", error.Message);
        Assert.Equal(1, healthy.Applied.Count);
        Assert.Single(h.Source.Reports.Items);
        Assert.True(h.Health.IsRunning);
        Assert.False(h.Health.IsReady);

        // No new snapshot: the retry alone brings another pass, which succeeds once the plugin recovers.
        failing.FailApply = null;
        h.Time.Advance(h.Options.RetryDelay);
        await h.NextAsync(PipelineEventKind.DebounceStarted);
        h.Time.Advance(h.Options.Debounce);
        var retry = await h.NextAsync(PipelineEventKind.PassCompleted);

        Assert.True(retry.Outcome!.Succeeded);
        Assert.Equal(2, healthy.Applied.Count);
        Assert.Equal(2, failing.Applied.Count);
        Assert.True(h.Health.IsReady);
    }

    [Fact]
    public async Task Run_AllocatorThrows_NoStatusWriteAndAnnouncersKeepTheRecordedAssignments()
    {
        var announcer = new RecordingAnnouncer();
        await using var h = new PipelineHarness(new TestAllocator { Throw = new InvalidOperationException("allocator down") }, announcer);
        await h.StartAsync();

        var pass = await h.PushAndReconcileAsync(TwoServices());

        Assert.Equal("test-allocator", Assert.Single(pass.Outcome!.Failures).Plugin);
        Assert.Equal(0, h.Source.StatusWrites.Count);
        Assert.Equal(["192.0.2.7"], announcer.Applied.Last.ForThisNode.SelectMany(a => a.Addresses).Select(a => a.ToString()));
    }

    [Fact]
    public async Task Run_StatusWriteFails_AnnouncersStillApply()
    {
        var announcer = new RecordingAnnouncer();
        await using var h = new PipelineHarness(new TestAllocator(), announcer);
        h.Source.FailStatusWrite = _ => new IOException("disk full");
        await h.StartAsync();

        var pass = await h.PushAndReconcileAsync(TwoServices());

        Assert.Equal("fake-source", Assert.Single(pass.Outcome!.Failures).Plugin);
        Assert.Equal(1, announcer.Applied.Count);
    }

    [Fact]
    public async Task Stop_EveryAnnouncerWithdrawsAndHealthStops()
    {
        var first = new RecordingAnnouncer("first");
        var second = new RecordingAnnouncer("second") { FailApply = _ => new InvalidOperationException("boom") };
        var h = new PipelineHarness(new TestAllocator(), first, second);
        await using (h)
        {
            await h.StartAsync();
            await h.PushAndReconcileAsync(TwoServices());

            await h.StopAsync();

            Assert.Equal([false], first.Withdrawals.Items);
            Assert.Equal([false], second.Withdrawals.Items);
            Assert.False(h.Health.IsRunning);
            await h.NextAsync(PipelineEventKind.Withdrawn);
        }
    }

    [Fact]
    public async Task Stop_WithdrawalThatDoesNotFinish_IsCutOffAtTheBound()
    {
        var hanging = new HangingAnnouncer();
        var other = new RecordingAnnouncer();
        await using var h = new PipelineHarness(null, hanging, other);
        await h.StartAsync();

        var stop = h.StopAsync();
        await hanging.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(stop.IsCompleted);
        h.Time.Advance(h.Options.WithdrawTimeout);
        await stop;

        // The token, not the announcer's reaction to it: that reaction runs on its own and may come after the bound.
        Assert.True(hanging.Token.IsCancellationRequested);
        Assert.Equal(1, other.Withdrawals.Count);
    }

    private sealed class HangingAnnouncer : IAnnouncer
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Token { get; private set; }

        public string Name => "hanging";

        public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation) => new() { Protocol = Name };

        public ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
            => ValueTask.CompletedTask;

        public async ValueTask WithdrawAllAsync(CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
