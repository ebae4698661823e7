using System.Net;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.K8sSource.Tests.Status;

public sealed class AnnouncementReporterTests : IAsyncLifetime
{
    private const string Ns = "metallb-system";
    private FakeApiServer.FakeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeApiServer.FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static AnnouncementPlan L2(string node, params string[] interfaces) => new()
    {
        Protocol = "layer2",
        Services =
        [
            new ServiceAnnouncements
            {
                Service = new ServiceKey("default", "web"),
                Announcements = [new Announcement { Protocol = "layer2", Node = node, Addresses = [IPAddress.Parse("192.0.2.1")], Interfaces = interfaces }],
                Skipped = [new AnnouncementSkip("layer2", "node-b", "notOwner")],
            },
        ],
    };

    private static AnnouncementPlan Bgp(string node, string skipReason) => new()
    {
        Protocol = "bgp",
        Services =
        [
            new ServiceAnnouncements
            {
                Service = new ServiceKey("default", "web"),
                Announcements =
                [
                    new Announcement { Protocol = "bgp", Node = node, Peer = "r2", Prefix = "192.0.2.1/32" },
                    new Announcement { Protocol = "bgp", Node = node, Peer = "r1", Prefix = "192.0.2.1/32" },
                ],
            },
            new ServiceAnnouncements
            {
                Service = new ServiceKey("default", "api"),
                Skipped = [new AnnouncementSkip("bgp", node, skipReason)],
            },
        ],
    };

    [Fact]
    public async Task ReportAnnouncementsAsync_RepeatedPlans_StatusObjectsWrittenOnceAndEventsPerTransition()
    {
        await using var harness = SourceHarness.Create(_server);
        var source = harness.Source;

        for (var i = 0; i < 3; i++)
        {
            await source.ReportAnnouncementsAsync("node-a", [L2("node-a", "eth1", "eth0"), Bgp("node-a", "conflictingAdvertisements")], CancellationToken.None);
        }

        var l2 = Assert.Single(_server.List("servicel2statuses", Ns, "metallb.io"));
        Assert.StartsWith("l2-", (string?)l2["metadata"]!["name"], StringComparison.Ordinal);
        Assert.Equal("node-a", (string?)l2["metadata"]!["labels"]!["metallb.io/node"]);
        Assert.Equal("web", (string?)l2["status"]!["serviceName"]);
        Assert.Equal(["eth0", "eth1"], l2["status"]!["interfaces"]!.AsArray().Select(n => (string?)n!["name"]));
        var bgp = Assert.Single(_server.List("servicebgpstatuses", Ns, "metallb.io"));
        Assert.Equal(["r1", "r2"], bgp["status"]!["peers"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(2, _server.Requests.Count(r => r.Verb == "patch" && r.Resource.EndsWith("statuses/status", StringComparison.Ordinal)));
        var events = _server.List("events", "default");
        Assert.Equal(2, events.Count(e => (string?)e["reason"] == "nodeAssigned"));
        Assert.Contains(events, e => (string?)e["message"] == "announcing from node \"node-a\" with protocol \"layer2\"");
        Assert.Single(events, e => (string?)e["reason"] == "announceFailed" && (string?)e["involvedObject"]!["name"] == "api");

        // The node stops announcing by layer 2: its object goes; BGP stays.
        await source.ReportAnnouncementsAsync("node-a", [L2("node-b"), Bgp("node-a", "conflictingAdvertisements")], CancellationToken.None);

        Assert.Empty(_server.List("servicel2statuses", Ns, "metallb.io"));
        Assert.Single(_server.List("servicebgpstatuses", Ns, "metallb.io"));
        Assert.Equal(2, _server.List("events", "default").Count(e => (string?)e["reason"] == "nodeAssigned"));
    }

    [Fact]
    public async Task ReportAnnouncementsAsync_PodKnown_StatusObjectOwnedByPod()
    {
        await using var harness = SourceHarness.Create(_server, configure: o => { o.PodName = "ingot-x7k2p"; o.PodUid = "0b6f2c1e-0000-4000-8000-000000000001"; });

        await harness.Source.ReportAnnouncementsAsync("node-a", [L2("node-a")], CancellationToken.None);

        var owner = Assert.Single(Assert.Single(_server.List("servicel2statuses", Ns, "metallb.io"))["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal(("Pod", "ingot-x7k2p", "0b6f2c1e-0000-4000-8000-000000000001"), ((string?)owner["kind"], (string?)owner["name"], (string?)owner["uid"]));
    }

    [Fact]
    public async Task ReportAnnouncementsAsync_AfterRestart_AdoptsExistingObjectInsteadOfDuplicating()
    {
        await using (var before = SourceHarness.Create(_server))
        {
            await before.Source.ReportAnnouncementsAsync("node-a", [L2("node-a")], CancellationToken.None);
        }

        await using var after = SourceHarness.Create(_server);
        await after.Source.ReportAnnouncementsAsync("node-a", [L2("node-a")], CancellationToken.None);

        var l2 = Assert.Single(_server.List("servicel2statuses", Ns, "metallb.io"));
        Assert.Null(l2["status"]!["interfaces"]);
    }

    [Fact]
    public async Task ReportAnnouncementsAsync_AfterRestart_AdoptsPageByPage()
    {
        AnnouncementPlan plan = L2("node-a") with
        {
            Services = [.. Enumerable.Range(1, 5).Select(i => L2("node-a").Services[0] with { Service = new ServiceKey("default", $"web-{i}") })],
        };
        await using (var before = SourceHarness.Create(_server))
        {
            await before.Source.ReportAnnouncementsAsync("node-a", [plan], CancellationToken.None);
        }

        var earlier = _server.Requests.Count;
        await using var after = SourceHarness.Create(_server, configure: o => o.ListPageSize = 2);
        await after.Source.ReportAnnouncementsAsync("node-a", [plan], CancellationToken.None);

        // Five objects in pages of two: three requests, each asking for two, the later ones continuing; none duplicated.
        var lists = _server.Requests.Skip(earlier).Where(r => r.Verb == "list" && r.Resource == "servicel2statuses").ToList();
        Assert.Equal(3, lists.Count);
        Assert.All(lists, r => Assert.Equal(2, r.Limit));
        Assert.Equal([false, true, true], lists.Select(r => r.Continue is not null));
        Assert.Equal(5, _server.List("servicel2statuses", Ns, "metallb.io").Count);
    }
}
