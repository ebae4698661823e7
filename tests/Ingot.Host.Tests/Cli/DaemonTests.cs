using System.Net;
using System.Text.RegularExpressions;

namespace Ingot.Host.Tests.Cli;

/// <summary>
/// <c>ingot run</c> as a real process with real fixture plugins: it reconciles, serves /metrics, /healthz and /readyz,
/// survives a throwing plugin, and withdraws then exits 0 on SIGTERM.
/// </summary>
public sealed partial class DaemonTests
{
    private static async Task<(IngotProcess Process, Uri Base)> StartAsync(TempPluginsDirectory dir, params string[] extra)
    {
        var args = new List<string>
        {
            "run", "--plugins-dir", dir.Path, "--source", "test-source", "--ipam", "test-ipam", "--node", "node-a",
            "--metrics-address", "127.0.0.1:0",
        };
        args.AddRange(extra);
        var process = IngotProcess.Start(args);
        var line = await process.WaitForStderrAsync(l => l.Contains("Now listening on: ", StringComparison.Ordinal));
        return (process, new Uri(ListeningOn().Match(line).Groups[1].Value));
    }

    private static async Task<string[]> WaitForLinesAsync(string file, Func<string[], bool> done)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var lines = File.Exists(file) ? await File.ReadAllLinesAsync(file, guard.Token) : [];
            if (done(lines))
            {
                return lines;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    [Fact]
    public async Task Run_GoodPlugins_ReconcilesServesHttpAndWithdrawsOnSigterm()
    {
        using var dir = new TempPluginsDirectory("good-source", "good-allocator", "good-announcer");
        var output = dir.File("announcer.out");
        var status = dir.File("status.out");
        var (process, baseUri) = await StartAsync(dir, "--announcers", "test-announcer",
            "--set", $"test-announcer.out={output}", "--set", $"test-source.statusFile={status}",
            "--set", "test-source.services=default/web,default/db=192.0.2.9", "--set", "test-source.nodes=node-a,node-b");
        using (process)
        {
            var applied = await WaitForLinesAsync(output, l => l.Length > 0);
            Assert.Equal(["apply r1 node-a default/db=192.0.2.9 default/web=192.0.2.1"], applied);
            Assert.Equal(["status default/db=192.0.2.9", "status default/web=192.0.2.1"], await File.ReadAllLinesAsync(status));

            using var http = new HttpClient { BaseAddress = baseUri };
            using var healthz = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
            using var readyz = await WaitForReadyAsync(http);
            Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);

            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains("# HELP test_pool_addresses_in_use Addresses in use per pool (test allocator)\n# TYPE test_pool_addresses_in_use gauge\ntest_pool_addresses_in_use{pool=\"test-pool\"} 2\n", metrics, StringComparison.Ordinal);
            Assert.Contains("# TYPE test_announcer_applies_total counter\ntest_announcer_applies_total{node=\"node-a\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("ingot_plugin_loaded{plugin=\"test-announcer\",kind=\"announcer\",status=\"active\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("# TYPE ingot_reconcile_duration_seconds histogram\n", metrics, StringComparison.Ordinal);
            Assert.Contains("ingot_reconcile_duration_seconds_count 1\n", metrics, StringComparison.Ordinal);
            Assert.Matches("\ningot_last_successful_reconcile_timestamp_seconds [0-9.e+E]+\n", metrics);
            Assert.Contains("\nprocess_cpu_seconds_total ", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain("ingot_plugins_", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain("microsoft_", metrics, StringComparison.Ordinal);

            process.Terminate();
            Assert.Equal(0, await process.WaitForExitAsync());
            Assert.Equal("withdraw", (await File.ReadAllLinesAsync(output))[^1]);
            Assert.Equal(string.Empty, process.Stdout);
        }
    }

    [Fact]
    public async Task Run_AnnouncerThrowsInApply_HostKeepsRunningAndTheOtherAnnouncerApplies()
    {
        using var dir = new TempPluginsDirectory("good-source", "good-allocator", "good-announcer", "throwing-announcer");
        var output = dir.File("announcer.out");
        var (process, baseUri) = await StartAsync(dir, "--announcers", "throwing-announcer,test-announcer",
            "--set", $"test-announcer.out={output}");
        using (process)
        {
            // A failed pass is retried, so more identical lines may follow; the first one is what matters.
            Assert.Equal("apply r1 node-a default/web=192.0.2.1", (await WaitForLinesAsync(output, l => l.Length > 0))[0]);
            await process.WaitForStderrAsync(l => l.Contains("Plugin throwing-announcer failed in ApplyAsync", StringComparison.Ordinal));

            using var http = new HttpClient { BaseAddress = baseUri };
            using var healthz = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
            using var readyz = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Matches("\ningot_reconcile_errors_total\\{plugin=\"throwing-announcer\"\\} [1-9][0-9]*\n", metrics);

            process.Terminate();
            Assert.Equal(0, await process.WaitForExitAsync());
            Assert.Equal("withdraw", (await File.ReadAllLinesAsync(output))[^1]);
        }
    }

    [Fact]
    public async Task Run_FileSourceAndIpam_ExportsMetalLbAllocatorMetricsUnderTheirExactNames()
    {
        using var dir = new TempPluginsDirectory();
        var lab = Path.Combine(TestPaths.RepoRoot, "examples", "lab");
        var state = dir.File("state.json");

        // No announcers: this test must not touch any network interface.
        var process = IngotProcess.Start(["run", "--config", lab, "--state", state, "--node", "node-a", "--announcers", "",
            "--metrics-address", "127.0.0.1:0"]);
        using (process)
        {
            var line = await process.WaitForStderrAsync(l => l.Contains("Now listening on: ", StringComparison.Ordinal));
            using var http = new HttpClient { BaseAddress = new Uri(ListeningOn().Match(line).Groups[1].Value) };
            using var ready = await WaitForReadyAsync(http);
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

            Assert.Contains(
                "# HELP metallb_allocator_addresses_in_use_total Number of IP addresses in use, per pool\n# TYPE metallb_allocator_addresses_in_use_total gauge\n",
                metrics, StringComparison.Ordinal);
            Assert.Matches("\nmetallb_allocator_addresses_total\\{pool=\"lab-ipv4\"\\} [1-9][0-9]*\n", metrics);
            Assert.Contains("ingot_plugin_loaded{plugin=\"file-source\",kind=\"source\",status=\"active\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("ingot_plugin_loaded{plugin=\"k8s-source\",kind=\"source\",status=\"loaded\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("ingot_plugin_loaded{plugin=\"l2\",kind=\"announcer\",status=\"loaded\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain("ingot_plugins_", metrics, StringComparison.Ordinal);

            process.Terminate();
            Assert.Equal(0, await process.WaitForExitAsync());
            Assert.True(File.Exists(state));
        }
    }

    private static async Task<HttpResponseMessage> WaitForReadyAsync(HttpClient http)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), guard.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(50, guard.Token);
        }
    }

    [GeneratedRegex("Now listening on: (http://[^ ]+)")]
    private static partial Regex ListeningOn();
}
