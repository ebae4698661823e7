namespace Ingot.Plugins.K8sSource.Tests.Election;

public sealed class LeaderElectionTests : IAsyncLifetime
{
    private const string Ns = "metallb-system";
    private FakeApiServer.FakeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.FakeApiServer.StartAsync();
        _server.Create(TestObjects.Node("node-a"));
        _server.Create(TestObjects.Node("node-b"));
        _server.Create(TestObjects.Pool(Ns, "first", "\"192.0.2.0/28\""));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string? Ip(string name) => (string?)_server.Get("services", "default", name)?["status"]?["loadBalancer"]?["ingress"]?[0]?["ip"];

    [Fact]
    public async Task SecondInstance_WhileFirstHoldsLease_DoesNotAllocateAndTakesOverWithoutMovingAddresses()
    {
        var first = SourceHarness.Start(_server, "node-a");
        await TestWait.UntilAsync(() => first.Latest?.IsAllocationLeader == true, "first leads");
        await using var second = SourceHarness.Start(_server, "node-b");
        await TestWait.UntilAsync(() => second.Latest is not null, "second runs");
        Assert.False(second.Latest!.IsAllocationLeader);

        for (var i = 0; i < 5; i++)
        {
            _server.Create(TestObjects.Service("default", $"s{i}", clusterIP: $"10.96.0.{10 + i}"));
        }

        await TestWait.UntilAsync(() => Enumerable.Range(0, 5).All(i => Ip($"s{i}") is not null), "all allocated by the leader");
        var before = Enumerable.Range(0, 5).Select(i => Ip($"s{i}")).ToList();
        await TestWait.UntilAsync(() => first.Source.StatusWrites == 5, "the leader's writes are counted");
        Assert.Equal(0, second.Source.StatusWrites);

        await first.DisposeAsync();
        await TestWait.UntilAsync(() => second.Latest?.IsAllocationLeader == true, "second takes over");
        _server.Create(TestObjects.Service("default", "after", clusterIP: "10.96.0.99"));
        await TestWait.UntilAsync(() => Ip("after") is not null, "new leader allocates");

        await TestWait.UntilAsync(() => second.Source.StatusWrites == 1, "the write is counted once its response arrived");

        Assert.Equal(before, Enumerable.Range(0, 5).Select(i => Ip($"s{i}")).ToList());
        Assert.DoesNotContain(Ip("after"), before);
        var lease = _server.Get("leases", Ns, "ingot-allocation", "coordination.k8s.io")!;
        Assert.Equal("node-b", (string?)lease["spec"]!["holderIdentity"]);
        Assert.Equal(1, lease["spec"]!["leaseTransitions"]!.GetValue<int>());
    }

    [Fact]
    public async Task Leader_Crashed_LeaseExpiresAndCandidateTakesOver()
    {
        // A holder that vanished without releasing: its record stays unchanged until the lease duration passes.
        _server.Create("""
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"ingot-allocation","namespace":"metallb-system"},
             "spec":{"holderIdentity":"node-gone","leaseDurationSeconds":1,"renewTime":"2026-01-01T00:00:00.000000Z","leaseTransitions":3}}
            """);
        await using var candidate = SourceHarness.Start(_server, "node-b");
        await TestWait.UntilAsync(() => candidate.Latest is not null, "candidate runs");
        Assert.False(candidate.Latest!.IsAllocationLeader);

        await TestWait.UntilAsync(() => candidate.Latest?.IsAllocationLeader == true, "takes over after expiry");

        var lease = _server.Get("leases", Ns, "ingot-allocation", "coordination.k8s.io")!;
        Assert.Equal("node-b", (string?)lease["spec"]!["holderIdentity"]);
        Assert.Equal(4, lease["spec"]!["leaseTransitions"]!.GetValue<int>());
    }
}
