using System.Diagnostics.Metrics;
using System.Text;
using Ingot.Host.Metrics;
using Prometheus;

namespace Ingot.Host.Tests.Metrics;

public sealed class MeterBridgeTests
{
    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (CollectorRegistry Registry, MeterBridge Bridge) Bridge(Meter meter)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var bridge = new MeterBridge(registry, m => ReferenceEquals(m, meter));
        bridge.Start();
        return (registry, bridge);
    }

    [Fact]
    public async Task Scrape_EachInstrumentKind_ExactNameHelpLabelsAndType()
    {
        using var meter = new Meter("Ingot.Tests.Bridge." + Guid.NewGuid());
        var updates = meter.CreateCounter<long>("metallb_k8s_client_updates_total",
            description: "Number of k8s object updates that have been processed.");
        var inUse = meter.CreateUpDownCounter<int>("metallb_allocator_addresses_in_use_total",
            description: "Number of IP addresses in use, per pool");
        var sessions = new List<Measurement<int>>
        {
            new(1, new KeyValuePair<string, object?>("peer", "192.0.2.1:179")),
        };
        meter.CreateObservableGauge("metallb_bgp_session_up", () => sessions, description: "BGP session state (1 is up, 0 is down)");
        var duration = meter.CreateHistogram("ingot_test_duration_seconds", unit: "s", description: "A histogram",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        var (registry, bridge) = Bridge(meter);
        using (bridge)
        {
            updates.Add(2);
            updates.Add(3);
            inUse.Add(5, new KeyValuePair<string, object?>("pool", "first-pool"));
            inUse.Add(-2, new KeyValuePair<string, object?>("pool", "first-pool"));
            duration.Record(0.05);
            duration.Record(0.5);

            var text = await ScrapeAsync(registry);

            Assert.Equal(
                """
                # HELP metallb_k8s_client_updates_total Number of k8s object updates that have been processed.
                # TYPE metallb_k8s_client_updates_total counter
                metallb_k8s_client_updates_total 5
                # HELP metallb_allocator_addresses_in_use_total Number of IP addresses in use, per pool
                # TYPE metallb_allocator_addresses_in_use_total gauge
                metallb_allocator_addresses_in_use_total{pool="first-pool"} 3
                # HELP ingot_test_duration_seconds A histogram
                # TYPE ingot_test_duration_seconds histogram
                ingot_test_duration_seconds_sum 0.55
                ingot_test_duration_seconds_count 2
                ingot_test_duration_seconds_bucket{le="0.1"} 1
                ingot_test_duration_seconds_bucket{le="1"} 2
                ingot_test_duration_seconds_bucket{le="+Inf"} 2
                # HELP metallb_bgp_session_up BGP session state (1 is up, 0 is down)
                # TYPE metallb_bgp_session_up gauge
                metallb_bgp_session_up{peer="192.0.2.1:179"} 1

                """.Replace("\r\n", "\n", StringComparison.Ordinal),
                text);
        }
    }

    [Fact]
    public async Task Scrape_ObservableSeriesNoLongerReported_IsRemoved()
    {
        using var meter = new Meter("Ingot.Tests.Bridge." + Guid.NewGuid());
        var peers = new List<string> { "192.0.2.1:179", "192.0.2.2:179" };
        meter.CreateObservableGauge("metallb_bgp_session_up",
            () => peers.Select(p => new Measurement<int>(1, new KeyValuePair<string, object?>("peer", p))).ToArray(),
            description: "BGP session state (1 is up, 0 is down)");
        var (registry, bridge) = Bridge(meter);
        using (bridge)
        {
            Assert.Contains("metallb_bgp_session_up{peer=\"192.0.2.2:179\"} 1", await ScrapeAsync(registry), StringComparison.Ordinal);

            peers.RemoveAt(1);
            var text = await ScrapeAsync(registry);

            Assert.Contains("metallb_bgp_session_up{peer=\"192.0.2.1:179\"} 1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("192.0.2.2", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scrape_ObservableCounterAndMissingTag_TotalSetAndEmptyLabel()
    {
        using var meter = new Meter("Ingot.Tests.Bridge." + Guid.NewGuid());
        long total = 7;
        meter.CreateObservableCounter("metallb_layer2_requests_received",
            () => new Measurement<long>(total, new KeyValuePair<string, object?>("ip", "192.0.2.10")),
            description: "Number of layer2 requests received for owned IPs");
        var sent = meter.CreateCounter<int>("metallb_layer2_responses_sent", description: "Number of layer2 responses sent for owned IPs in response to requests");
        var (registry, bridge) = Bridge(meter);
        using (bridge)
        {
            sent.Add(1, new KeyValuePair<string, object?>("ip", "192.0.2.10"));
            sent.Add(1);
            Assert.Contains("metallb_layer2_requests_received{ip=\"192.0.2.10\"} 7\n", await ScrapeAsync(registry), StringComparison.Ordinal);

            total = 9;
            var text = await ScrapeAsync(registry);

            Assert.Contains("# TYPE metallb_layer2_requests_received counter\nmetallb_layer2_requests_received{ip=\"192.0.2.10\"} 9\n", text, StringComparison.Ordinal);
            Assert.Contains("metallb_layer2_responses_sent{ip=\"192.0.2.10\"} 1\nmetallb_layer2_responses_sent{ip=\"\"} 1\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scrape_ObservableCounterThatStartsAgain_ExportsTheNewTotal()
    {
        using var meter = new Meter("Ingot.Tests.Bridge." + Guid.NewGuid());
        long total = 40;
        meter.CreateObservableCounter("metallb_bgp_updates_total",
            () => new Measurement<long>(total, new KeyValuePair<string, object?>("peer", "192.0.2.2:179")),
            description: "Number of BGP UPDATE messages sent");
        var (registry, bridge) = Bridge(meter);
        using (bridge)
        {
            Assert.Contains("metallb_bgp_updates_total{peer=\"192.0.2.2:179\"} 40\n", await ScrapeAsync(registry), StringComparison.Ordinal);

            // A new session for the same peer counts from zero: the drop is a reset, and what it sends since is visible.
            total = 3;
            Assert.Contains("metallb_bgp_updates_total{peer=\"192.0.2.2:179\"} 3\n", await ScrapeAsync(registry), StringComparison.Ordinal);
            total = 5;
            Assert.Contains("metallb_bgp_updates_total{peer=\"192.0.2.2:179\"} 5\n", await ScrapeAsync(registry), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scrape_DottedOpenTelemetryName_NotExported()
    {
        using var meter = new Meter("Ingot.Tests.Bridge." + Guid.NewGuid());
        var dotted = meter.CreateCounter<long>("http.server.requests");
        var (registry, bridge) = Bridge(meter);
        using (bridge)
        {
            dotted.Add(1);

            Assert.Equal(string.Empty, await ScrapeAsync(registry));
        }
    }
}
