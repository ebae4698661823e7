using System.Net;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.K8sSource.Tests;

public sealed class KubernetesApiCallsTests
{
    private const string Ns = "metallb-system";

    [Fact]
    public async Task Requests_FullScenario_AllListedWithTheirScope()
    {
        await using var server = await FakeApiServer.FakeApiServer.StartAsync();
        server.Create(TestObjects.Node("node-a"));
        server.Create(TestObjects.Pool(Ns, "first", "\"192.0.2.0/28\""));
        server.Create(TestObjects.BgpPeer(Ns, "router", passwordSecret: "auth"));
        server.Create(TestObjects.Secret(Ns, "auth", "pw"));
        server.Create(TestObjects.Service("default", "web"));
        server.Create(TestObjects.Service("default", "lost", clusterIP: "10.96.0.11", annotations: """{"metallb.io/address-pool":"nope"}"""));
        server.Create(Admission.KeeperRound.Configuration);
        await using (var harness = SourceHarness.Start(server, configure: o => o.Webhook = new Ingot.Plugins.K8sSource.Admission.WebhookOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) }))
        {
            // The leader issues the webhook certificate (create) and injects its CA (patch); a damaged Secret is renewed (update).
            await TestWait.UntilAsync(() => server.Get("secrets", Ns, "ingot-webhook-cert") is not null, "webhook certificate");
            server.Patch("secrets", Ns, "ingot-webhook-cert", """{"data":{"tls.crt":"Z2FyYmFnZQ=="}}""");
            await Admission.KeeperRound.RunAsync(server);
            await TestWait.UntilAsync(() => server.Get("services", "default", "web")?["status"]?["loadBalancer"]?["ingress"] is not null, "allocated");
            await TestWait.UntilAsync(() => server.List("configurationstates", Ns, "metallb.io").Count == 2, "configuration states");
            var plan = new AnnouncementPlan
            {
                Protocol = "layer2",
                Services = [new ServiceAnnouncements { Service = new ServiceKey("default", "web"), Announcements = [new Announcement { Protocol = "layer2", Node = "node-a", Addresses = [IPAddress.Parse("192.0.2.0")] }] }],
            };
            await harness.Source.ReportAnnouncementsAsync("node-a", [plan, plan with { Protocol = "bgp" }], CancellationToken.None);
            await harness.Source.ReportAnnouncementsAsync("node-a", [], CancellationToken.None);
        }

        var requests = server.Requests;
        Assert.NotEmpty(requests);
        foreach (var r in requests)
        {
            var call = KubernetesApiCalls.All.SingleOrDefault(c => c.Group == r.Group && c.Resource == r.Resource && c.Verb == r.Verb);
            Assert.True(call is not null, $"request not in KubernetesApiCalls: {r}");
            if (call.InMetalLbNamespace)
            {
                Assert.Equal(Ns, r.Namespace);
            }
        }

        // And the list holds nothing the code never does.
        var seen = requests.Select(r => (r.Group, r.Resource, r.Verb)).ToHashSet();
        Assert.All(KubernetesApiCalls.All, c => Assert.Contains((c.Group, c.Resource, c.Verb), seen));
    }
}
