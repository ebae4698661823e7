using System.Net;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Testing;

namespace Ingot.Host.Tests.Testing;

/// <summary>The published fakes of Ingot.Sdk.Testing behave as their docs say.</summary>
public sealed class SdkTestingFakesTests
{
    [Fact]
    public async Task FakeClusterSource_WatcherStartsAtTheNewestThenSeesEveryPush()
    {
        var source = new FakeClusterSource();
        source.Push(ClusterState.Empty);
        source.Push(ClusterState.Empty);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = source.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(2, watch.Current.Revision);
        var next = watch.MoveNextAsync();
        source.Push(ClusterState.Empty with { Revision = 10 });
        Assert.True(await next);
        Assert.Equal(10, watch.Current.Revision);
        Assert.Equal(11, source.Push(ClusterState.Empty).Revision);
    }

    [Fact]
    public void ClusterStateBuilder_BuildsServicesNodesSlicesAndPools()
    {
        var state = new ClusterStateBuilder()
            .AddPool("first-pool", "192.0.2.0/28")
            .AddNode("node-a")
            .AddNode("node-b", ready: false)
            .AddNamespace("default")
            .AddLoadBalancer("default", "web", "192.0.2.1")
            .AddEndpointSlice("default", "web", "node-a", "node-b")
            .AsAllocationLeader(false)
            .Build();

        var web = Assert.Single(state.Services);
        Assert.True(web.IsLoadBalancer);
        Assert.Equal([IPAddress.Parse("192.0.2.1")], web.StatusAddresses);
        Assert.Equal([true, false], state.Nodes.Select(n => n.Ready));
        Assert.Equal(["node-a", "node-b"], state.EndpointSlicesOf(web.Key).Single().Endpoints.Select(e => e.NodeName));
        Assert.True(state.Configuration.Pools["first-pool"].Contains(IPAddress.Parse("192.0.2.15")));
        Assert.False(state.IsAllocationLeader);
    }

    [Fact]
    public void RecordingAnnouncer_DefaultPlan_EveryReadyNodeAnnouncesEveryAssignedAddress()
    {
        var state = new ClusterStateBuilder().AddNode("node-b").AddNode("node-a").AddNode("node-c", ready: false).Build();
        var allocation = new AllocationResult
        {
            Assignments =
            [
                new ServiceAssignment { Service = new("default", "web"), Addresses = [IPAddress.Parse("192.0.2.1")] },
                new ServiceAssignment { Service = new("default", "none"), Error = "no available IPs" },
            ],
        };
        var announcer = new RecordingAnnouncer("layer2");

        var plan = announcer.Plan(state, allocation);

        var service = Assert.Single(plan.Services);
        Assert.Equal(["node-a", "node-b"], service.Announcements.Select(a => a.Node));
        Assert.All(service.Announcements, a => Assert.Equal("layer2", a.Protocol));
        Assert.Same(plan, announcer.Planned.Last);
    }
}
