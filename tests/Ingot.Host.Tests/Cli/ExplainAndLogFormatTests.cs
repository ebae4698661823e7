using System.Text.Json;

namespace Ingot.Host.Tests.Cli;

/// <summary><c>ingot explain</c> on the lab manifests, and <c>run --log-format json</c>.</summary>
public sealed class ExplainAndLogFormatTests
{
    private static string Lab => Path.Combine(TestPaths.RepoRoot, "examples", "lab");

    [Fact]
    public async Task Explain_LabWeb_SaysPoolWhyAndWhoAnnounces()
    {
        var (code, stdout, stderr) = await IngotProcess.RunAsync("explain", "default/web", Lab, "--announcers", "l2");

        Assert.True(code == 0, stderr);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("Service default/web", lines[0]);
        Assert.Equal("  addresses: 192.0.2.200 from pool \"lab-ipv4\"", lines[1]);
        Assert.StartsWith("  why: first auto-assign pool", lines[2], StringComparison.Ordinal);
        Assert.Equal("  layer2:", lines[3]);
        // MetalLB's election: SHA-256 of node#ip puts node-b first for 192.0.2.200 among the nodes with endpoints.
        Assert.Contains("    node-b announces 192.0.2.200 on eth0", lines);
        Assert.Contains(lines, l => l.StartsWith("    node-a does not: notOwner", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    node-c does not: notOwner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explain_PoolAnnotation_NamesTheAnnotation()
    {
        var (code, stdout, _) = await IngotProcess.RunAsync("explain", "web-dual-stack", Lab, "--announcers", "l2");

        Assert.Equal(0, code);
        Assert.Contains("  why: requested by annotation metallb.io/address-pool: lab-dual-stack", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_UnknownService_ExitOne()
    {
        var (code, stdout, stderr) = await IngotProcess.RunAsync("explain", "default/nope", Lab, "--announcers", "l2");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("ingot: Service default/nope is not in the manifests\n", stderr);
    }

    [Fact]
    public async Task Run_LogFormatJson_EveryStderrLineIsAJsonObject()
    {
        using var dir = new TempPluginsDirectory();
        var process = IngotProcess.Start(["run", "--config", Lab, "--state", dir.File("state.json"), "--node", "node-a",
            "--announcers", "", "--metrics-address", "127.0.0.1:0", "--log-format", "json"]);
        using (process)
        {
            await process.WaitForStderrAsync(s => s.Contains("assigned", StringComparison.Ordinal));
            process.Terminate();
            Assert.Equal(0, await process.WaitForExitAsync());
            var lines = process.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, line =>
            {
                using var entry = JsonDocument.Parse(line);
                Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
                Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
                Assert.True(entry.RootElement.TryGetProperty("Message", out _), line);
                Assert.True(entry.RootElement.TryGetProperty("Timestamp", out _), line);
            });
        }
    }
}
