using System.Text.Json;
using Ingot.EndToEnd.Tests.Infrastructure;

namespace Ingot.EndToEnd.Tests.Metrics;

/// <summary>
/// A real Prometheus scrapes a running ingot. Both run inside a namespace made here (the L2 announcer answers ARP on the
/// namespace's veth only), and the test reads Prometheus' query API.
/// </summary>
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private const string Metrics = "127.0.0.1:7472";
    private NetworkNamespace _ns = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _dir = Directory.CreateTempSubdirectory("ingot-prom-").FullName;
        _ns = await NetworkNamespace.CreateAsync("ingot-prom");
        await _ns.ExecCheckedAsync("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
        await _ns.ExecCheckedAsync("ip", "addr", "add", "192.0.2.1/24", "dev", "eth0");
        await _ns.ExecCheckedAsync("ip", "link", "set", "eth0", "up");
        await _ns.ExecCheckedAsync("ip", "link", "set", "peer0", "up");
        var config = Directory.CreateDirectory(Path.Combine(_dir, "config")).FullName;
        await File.WriteAllTextAsync(Path.Combine(config, "metallb.yaml"), """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: { name: lab, namespace: metallb-system }
            spec:
              addresses: [192.0.2.240/28]
            ---
            apiVersion: metallb.io/v1beta1
            kind: L2Advertisement
            metadata: { name: lab, namespace: metallb-system }
            spec:
              interfaces: [eth0]
            """);
        await File.WriteAllTextAsync(Path.Combine(config, "cluster.yaml"), """
            apiVersion: v1
            kind: Node
            metadata: { name: node-a }
            status:
              conditions: [{ type: Ready, status: "True" }]
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: web, namespace: default }
            spec:
              type: LoadBalancer
              clusterIP: 10.96.0.10
              selector: { app: web }
              ports: [{ port: 80, protocol: TCP }]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: web-1
              namespace: default
              labels: { kubernetes.io/service-name: web }
            addressType: IPv4
            endpoints:
              - addresses: [10.244.0.5]
                nodeName: node-a
                conditions: { ready: true }
            """);
        _ns.Start(Repo.Ingot,
            ["run", "--config", config, "--node", "node-a", "--state", Path.Combine(_dir, "state.json"),
             "--announcers", "l2", "--metrics-address", Metrics],
            Path.Combine(_dir, "ingot.log"));
    }

    public async Task DisposeAsync()
    {
        await _ns.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// MetalLB's names break two of promtool's naming lints (gauges ending in <c>_total</c>, counters without it). Ingot
    /// keeps those names on purpose so existing dashboards and alerts work, so those lints — and only those, and only
    /// on MetalLB's names — are tolerated. promtool exits 1 on anything that does not parse, 3 on lint findings.
    /// </summary>
    private static readonly HashSet<string> MetalLbNames =
    [
        "metallb_allocator_addresses_total", "metallb_allocator_ipv4_addresses_total", "metallb_allocator_ipv6_addresses_total",
        "metallb_allocator_addresses_in_use_total", "metallb_allocator_ipv4_addresses_in_use_total",
        "metallb_allocator_ipv6_addresses_in_use_total", "metallb_allocator_services_allocated_total",
        "metallb_layer2_requests_received", "metallb_layer2_responses_sent", "metallb_layer2_gratuitous_sent",
        "metallb_bgp_announced_prefixes_total", "metallb_bgp_pending_prefixes_total", "metallb_bgp_opens_sent",
        "metallb_bgp_opens_received", "metallb_bgp_notifications_sent", "metallb_bgp_keepalives_sent",
        "metallb_bgp_keepalives_received", "metallb_bgp_updates_total_received", "metallb_bgp_total_sent",
        "metallb_bgp_total_received", "metallb_bfd_control_packet_input", "metallb_bfd_control_packet_output",
        "metallb_bfd_session_up_events", "metallb_bfd_session_down_events",
    ];

    [Fact]
    public async Task Metrics_PassPromtoolCheck()
    {
        var text = await ScrapeWhenReadyAsync();

        var (code, stdout, stderr) = await Shell.RunAsync("promtool", ["check", "metrics"], stdin: text);

        Assert.True(code is 0 or 3, $"promtool could not parse the output (exit {code}): {stdout}{stderr}\n{text}");
        var findings = (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(code == 3, findings.Length > 0);
        Assert.All(findings, line =>
        {
            var name = line.Split(' ')[0];
            Assert.True(
                MetalLbNames.Contains(name)
                && (line.EndsWith("non-counter metrics should not have \"_total\" suffix", StringComparison.Ordinal)
                    || line.EndsWith("counter metrics should have \"_total\" suffix", StringComparison.Ordinal)),
                "promtool finding beyond MetalLB's inherited names: " + line);
        });
        Assert.Contains("# HELP metallb_allocator_addresses_in_use_total Number of IP addresses in use, per pool\n", text);
        Assert.Contains("# TYPE metallb_allocator_addresses_in_use_total gauge\n", text);
        Assert.Contains("# HELP metallb_allocator_addresses_total Number of usable IP addresses, per pool\n", text);
        Assert.Contains(
            "# HELP metallb_speaker_announced Services being announced from this node. This is desired state, it does not guarantee that the routing protocols have converged.\n",
            text);
        Assert.Contains("# TYPE ingot_reconcile_duration_seconds histogram\n", text);
    }

    [Fact]
    public async Task Prometheus_ScrapesAllocatorAndSpeakerSeries()
    {
        await ScrapeWhenReadyAsync();
        var promConfig = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(promConfig, $"""
            global: {"{"} scrape_interval: 1s, evaluation_interval: 1s {"}"}
            scrape_configs:
              - job_name: ingot
                static_configs: [{"{"} targets: ["{Metrics}"] {"}"}]
            """);
        _ns.Start("prometheus",
            [$"--config.file={promConfig}", $"--storage.tsdb.path={Path.Combine(_dir, "tsdb")}",
             "--web.listen-address=127.0.0.1:9090"],
            Path.Combine(_dir, "prometheus.log"));

        var inUse = await QueryAsync("metallb_allocator_addresses_in_use_total{pool=\"lab\"}");
        Assert.Equal("1", inUse.GetProperty("value")[1].GetString());
        Assert.Equal("ingot", inUse.GetProperty("metric").GetProperty("job").GetString());

        var total = await QueryAsync("metallb_allocator_addresses_total{pool=\"lab\"}");
        Assert.Equal("16", total.GetProperty("value")[1].GetString());

        var announced = await QueryAsync("metallb_speaker_announced{protocol=\"layer2\"}");
        var labels = announced.GetProperty("metric");
        Assert.Equal("default/web", labels.GetProperty("service").GetString());
        Assert.Equal("node-a", labels.GetProperty("node").GetString());
        Assert.Equal("192.0.2.240", labels.GetProperty("ip").GetString());
        Assert.Equal("1", announced.GetProperty("value")[1].GetString());
    }

    private async Task<string> ScrapeWhenReadyAsync()
    {
        await Eventually.GetAsync(async () =>
        {
            var (code, stdout, _) = await _ns.ExecAsync("curl", "-sf", $"http://{Metrics}/readyz");
            return code == 0 ? stdout : null;
        }, "ingot /readyz (log: " + Path.Combine(_dir, "ingot.log") + ")");
        return await _ns.ExecCheckedAsync("curl", "-sf", $"http://{Metrics}/metrics");
    }

    /// <summary>Asks Prometheus until the query returns exactly one series.</summary>
    private async Task<JsonElement> QueryAsync(string query)
    {
        var series = await Eventually.GetAsync(async () =>
        {
            var (code, stdout, _) = await _ns.ExecAsync("curl", "-sf", "-G", "http://127.0.0.1:9090/api/v1/query",
                "--data-urlencode", "query=" + query);
            if (code != 0)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(stdout);
            var result = doc.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 1 ? result[0].GetRawText() : null;
        }, "prometheus series " + query);
        using var parsed = JsonDocument.Parse(series);
        return parsed.RootElement.Clone();
    }
}
