using System.Globalization;

namespace Ingot.Plugins.K8sSource.Tests.Source;

public sealed class BurstTests : IAsyncLifetime
{
    private const string Ns = "metallb-system";
    private FakeApiServer.FakeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.FakeApiServer.StartAsync();
        _server.Create(TestObjects.Node("node-a"));
        _server.Create(TestObjects.Pool(Ns, "big", "\"2001:db8:1::/112\""));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WatchAsync_BurstOf1000Services_AllConvergeToDistinctAddresses()
    {
        await using var harness = SourceHarness.Start(_server);
        await TestWait.UntilAsync(() => harness.Latest is not null, "running");

        for (var i = 0; i < 1000; i++)
        {
            _server.Create(TestObjects.Service("burst", "s" + i.ToString("D4", CultureInfo.InvariantCulture), clusterIP: "fd00::" + (i + 1).ToString("x", CultureInfo.InvariantCulture)));
        }

        await TestWait.UntilAsync(() => _server.List("services", "burst").All(s => s["status"]?["loadBalancer"]?["ingress"] is not null), "all 1000 allocated", seconds: 120);
        var addresses = _server.List("services", "burst").Select(s => (string?)s["status"]!["loadBalancer"]!["ingress"]![0]!["ip"]).ToList();

        Assert.Equal(1000, addresses.Distinct().Count());
        Assert.All(addresses, a => Assert.StartsWith("2001:db8:1::", a, StringComparison.Ordinal));

        // Converged means quiet: another pass writes nothing.
        await TestWait.UntilAsync(() => harness.Source.StatusWrites == 1000, "every write counted");
        var writes = harness.Source.StatusWrites;
        _server.Patch("nodes", null, "node-a", """{"metadata":{"labels":{"poke":"1"}}}""");
        await harness.NextSnapshotAsync();
        Assert.Equal(writes, harness.Source.StatusWrites);
        Assert.Equal(1000, writes);
    }
}
