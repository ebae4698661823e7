using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ingot.Image.Tests;

/// <summary>
/// The shipped image in the lab (needs root, podman and runc): every node runs <c>scripts/image.sh</c>'s archive under
/// the DaemonSet's security context, and the lab answers as it does with the binary: ARP from the elected node, BGP
/// routes at the BIRD router, <c>/metrics</c> on each node. What is expected comes from <c>ingot reconcile</c> on the
/// lab's configuration. Tests wait for conditions with deadlines; none asserts a duration.
/// </summary>
public sealed partial class ImageLabTests(ImageLabFixture lab) : IClassFixture<ImageLabFixture>
{
    private const string WebIp = "192.0.2.200";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Container_EveryNode_RunsTheImageWithTheDaemonSetsCapabilitiesOnly()
    {
        var expected = DaemonSetCapabilities().Aggregate(0UL, (mask, name) => mask | (1UL << CapabilityNumber(name)));
        foreach (var node in ImageLabFixture.Nodes)
        {
            int? pid = null;
            Assert.True(WaitFor(() => (pid = lab.IngotPid(node)) is not null), $"no ingot process in {lab.Namespace(node)}");
            var status = File.ReadAllLines($"/proc/{pid}/status").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());

            Assert.Equal(expected, ulong.Parse(status["CapEff"], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            Assert.Equal(expected, ulong.Parse(status["CapBnd"], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            Assert.Equal("1", status["NoNewPrivs"]);

            // The process sees the image's file system: the published host, and no shell or package manager.
            var root = $"/proc/{pid}/root";
            Assert.True(File.Exists($"{root}/opt/ingot/ingot"), $"{node}: /opt/ingot/ingot is not in the container's root");
            Assert.True(Directory.Exists($"{root}/opt/ingot/plugins/l2"), $"{node}: the l2 plugin is not in the container's root");
            Assert.All(new[] { "bin/sh", "usr/bin/bash", "usr/bin/dpkg", "usr/bin/apt" }, p => Assert.False(File.Exists($"{root}/{p}"), $"{node}: {p} is in the image"));
        }
    }

    [Fact]
    public void Arp_WebService_ElectedNodeAnswersAloneAndServesHttp()
    {
        var elected = Planned().Layer2Node;
        var macs = new List<string>();
        Assert.True(WaitFor(() => (macs = ArpReplies(WebIp, count: 2)).Count > 0 && macs.All(m => lab.NodeOfMac(m) == elected)),
            $"{elected} never answered ARP for {WebIp} alone; replies from [{string.Join(", ", macs)}]");

        string body = "";
        Assert.True(WaitFor(() => (body = lab.InNamespace("client", "curl", "-s", "--max-time", "3", $"http://{WebIp}/").Output.Trim()) == $"hello from {elected}"),
            $"curl http://{WebIp}/ from the client got \"{body}\"");
    }

    [Fact]
    public void Bgp_WebService_RouterInstallsEcmpRouteThroughAnnouncingNodes()
    {
        var expected = Planned().BgpNodes.Select(n => lab.NodeEnv("IP4", n)).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(expected);

        string[] hops = [];
        Assert.True(WaitFor(() => (hops = lab.RouterNextHops(WebIp)).SequenceEqual(expected)),
            $"the router's kernel route for {WebIp} goes via [{string.Join(", ", hops)}], expected [{string.Join(", ", expected)}]:\n"
            + lab.Birdc("show", "protocols").Output);

        string body = "";
        Assert.True(WaitFor(() => (body = lab.InNamespace("remote", "curl", "-s", "--max-time", "3", $"http://{WebIp}/").Output.Trim())
            .StartsWith("hello from ", StringComparison.Ordinal)), $"curl http://{WebIp}/ from the remote network got \"{body}\"");
    }

    [Fact]
    public void Metrics_EveryNode_ServesSessionsAndAnnouncements()
    {
        var planned = Planned();
        foreach (var node in ImageLabFixture.Nodes)
        {
            string[] lines = [];
            Assert.True(WaitFor(() => (lines = Metrics(node)).Any(l => l.StartsWith("metallb_bgp_session_up{", StringComparison.Ordinal)
                && l.Contains($"peer=\"{lab.Env["LAB_ROUTER_IP4"]}", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal))),
                $"{node}: no metallb_bgp_session_up 1 for the router in /metrics:\n{string.Join('\n', lines.Where(l => l.Contains("bgp_session", StringComparison.Ordinal)))}");
            Assert.Contains(lines, l => l.StartsWith("metallb_allocator_addresses_in_use_total{", StringComparison.Ordinal));
        }

        string[] elected = [];
        Assert.True(WaitFor(() => (elected = Metrics(planned.Layer2Node)).Any(l => l.StartsWith("metallb_speaker_announced{", StringComparison.Ordinal)
            && l.Contains($"ip=\"{WebIp}\"", StringComparison.Ordinal) && l.Contains("protocol=\"layer2\"", StringComparison.Ordinal))),
            $"{planned.Layer2Node} does not report announcing {WebIp} over layer 2");
    }

    private string[] Metrics(string node)
        => lab.InNamespace(node, "curl", "-s", "--max-time", "3", $"http://127.0.0.1:{lab.Env["LAB_METRICS_PORT"]}/metrics")
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The web Service's layer 2 node and its BGP announcers, from <c>ingot reconcile</c> of the lab's config.</summary>
    private (string Layer2Node, string[] BgpNodes) Planned()
    {
        var (code, output, error) = ImageLabFixture.Run(lab.Ingot, "reconcile", lab.Config, "-o", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var web = doc.RootElement.GetProperty("services").EnumerateArray()
            .Single(s => s.GetProperty("namespace").GetString() == "default" && s.GetProperty("name").GetString() == "web");
        Assert.Contains(web.GetProperty("addresses").EnumerateArray(), a => a.GetString() == WebIp);
        var announcements = web.GetProperty("announcements").EnumerateArray().ToArray();
        var layer2 = announcements.Where(a => a.GetProperty("protocol").GetString() == "layer2").Select(a => a.GetProperty("node").GetString()!).Distinct().Single();
        var bgp = announcements.Where(a => a.GetProperty("protocol").GetString() == "bgp" && a.GetProperty("prefix").GetString() == $"{WebIp}/32")
            .Select(a => a.GetProperty("node").GetString()!).Distinct(StringComparer.Ordinal).ToArray();
        return (layer2, bgp);
    }

    /// <summary>The capabilities deploy/daemonset.yaml adds (it drops ALL), which the lab's containers are given.</summary>
    private string[] DaemonSetCapabilities()
    {
        var yaml = File.ReadAllText(Path.Combine(lab.Repo, "deploy", "daemonset.yaml"));
        var m = CapabilitiesAdd().Match(yaml);
        Assert.True(m.Success, "deploy/daemonset.yaml: securityContext.capabilities.add not found");
        return m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.Trim('"')).ToArray();
    }

    // linux/capability.h.
    private static int CapabilityNumber(string name) => name switch
    {
        "NET_BIND_SERVICE" => 10,
        "NET_ADMIN" => 12,
        "NET_RAW" => 13,
        "SYS_NICE" => 23,
        _ => throw new InvalidOperationException($"deploy/daemonset.yaml adds capability {name}, unknown to this test"),
    };

    private List<string> ArpReplies(string ip, int count)
    {
        var (_, output, _) = lab.InNamespace("client", "arping", "-c", count.ToString(CultureInfo.InvariantCulture), "-W", "0.3", "-i", "eth0", ip);
        return ArpReply().Matches(output).Select(m => m.Groups[1].Value).ToList();
    }

    private static bool WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(200);
        }

        return condition();
    }

    [GeneratedRegex(@"bytes from ([0-9a-f:]{17}) ")]
    private static partial Regex ArpReply();

    [GeneratedRegex(@"capabilities:\s*\n\s*drop:\s*\[""ALL""\]\s*\n\s*add:\s*\[([^\]]*)\]")]
    private static partial Regex CapabilitiesAdd();
}
