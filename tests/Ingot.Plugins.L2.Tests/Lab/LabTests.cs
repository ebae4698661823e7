using System.Diagnostics;
using System.Text.RegularExpressions;
using Ingot.Plugins.L2.Election;

namespace Ingot.Plugins.L2.Lab.Tests;

/// <summary>
/// End to end in network namespaces (needs root): the real <c>ingot run</c> on three nodes, probed from a client with
/// arping, ndisc6, curl and tcpdump. Manifests are edited in the lab's copy of examples/lab, which the file source
/// watches. Tests wait for conditions with deadlines; none asserts a duration.
/// </summary>
public sealed partial class LabTests(LabFixture lab) : IClassFixture<LabFixture>
{
    private const string WebIp = "192.0.2.200";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public void Arp_AssignedAddress_ElectedNodeAnswersAloneAndServesHttp()
    {
        var elected = Elected(WebIp);
        Assert.True(WaitFor(() => AnsweredOnlyBy(WebIp, elected)), $"{elected} never answered ARP for {WebIp} alone");

        // Several requests: every reply comes from the elected node's MAC.
        var macs = ArpReplies(WebIp, count: 3);
        Assert.NotEmpty(macs);
        Assert.All(macs, m => Assert.Equal(lab.Mac(elected), m, ignoreCase: true));

        var (_, body, _) = lab.InNamespace("client", "curl", "-s", "--max-time", "5", $"http://{WebIp}/");
        Assert.Equal($"hello from {elected}", body.Trim());

        var (_, metrics, _) = lab.InNamespace(elected, "curl", "-s", "--max-time", "5", $"http://127.0.0.1:{lab.Env["LAB_METRICS_PORT"]}/metrics");
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("metallb_speaker_announced{", StringComparison.Ordinal)
            && l.Contains($"ip=\"{WebIp}\"", StringComparison.Ordinal) && l.Contains("protocol=\"layer2\"", StringComparison.Ordinal)
            && l.Contains($"node=\"{elected}\"", StringComparison.Ordinal) && l.Contains("service=\"default/web\"", StringComparison.Ordinal));
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("metallb_layer2_requests_received", StringComparison.Ordinal)
            && l.Contains($"ip=\"{WebIp}\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Arp_UnassignedPoolAddress_NobodyAnswers()
    {
        Assert.True(WaitFor(() => ArpOwner(WebIp) is not null), "the lab never answered for the assigned address");
        Assert.Empty(ArpReplies("192.0.2.209", count: 3));
    }

    [Fact]
    public void Ndp_AssignedIPv6_ElectedNodeAnswers()
    {
        // web-dual-stack holds 192.0.2.211 and 2001:db8:0:1::211; the election hashes the first (IPv4) address.
        var elected = Elected("192.0.2.211");
        string? mac = null;
        Assert.True(WaitFor(() => (mac = NdpOwner("2001:db8:0:1::211")) is not null), "nobody answered the Neighbor Solicitation");
        Assert.Equal(lab.Mac(elected), mac, ignoreCase: true);
    }

    [Fact]
    public void CreateThenDeleteService_GratuitousBurstThenSilence()
    {
        const string ip = "192.0.2.205";
        var elected = Elected(ip);
        var file = Path.Combine(lab.Config, "e2e-burst.yaml");
        try
        {
            using (var capture = new Capture(lab))
            {
                File.WriteAllText(file, ServiceYaml("e2e-burst", ip));
                Assert.True(WaitFor(() => capture.GratuitousRequests(ip, lab.Mac(elected)) >= 3 && capture.GratuitousReplies(ip, lab.Mac(elected)) >= 3),
                    "no gratuitous burst seen:\n" + string.Join('\n', capture.Lines));
                foreach (var other in LabFixture.Nodes.Where(n => n != elected))
                {
                    Assert.Equal(0, capture.GratuitousRequests(ip, lab.Mac(other)));
                }
            }

            Assert.Equal(elected, ArpOwner(ip));
        }
        finally
        {
            File.Delete(file);
        }

        Assert.True(WaitFor(() => ArpReplies(ip, count: 2).Count == 0), "replies continued after the Service was deleted");
    }

    [Fact]
    public void WinnerNotReady_RepliesMoveAndNewNodeBursts()
    {
        MoveWinner(winner => NodesYaml(notReady: winner));
    }

    [Fact]
    public void WinnerExcludedByLabel_RepliesMoveAndNewNodeBursts()
    {
        MoveWinner(winner => NodesYaml(excluded: winner));
    }

    private void MoveWinner(Func<string, string> edit)
    {
        var winner = Elected(WebIp);
        var next = L2Election.SortCandidates(LabFixture.Nodes.Where(n => n != winner), WebIp, new Dictionary<string, int>())[0];
        var nodes = Path.Combine(lab.Config, "nodes.yaml");
        var original = File.ReadAllText(nodes);
        Assert.True(WaitFor(() => AnsweredOnlyBy(WebIp, winner)), $"{winner} never answered alone before the move");
        try
        {
            using var capture = new Capture(lab);
            File.WriteAllText(nodes, edit(winner));
            // Each node reconciles on its own watch of the file, so for a moment both nodes may answer; the move is
            // done once only the new winner does (a winner that never stops fails the deadline).
            Assert.True(WaitFor(() => AnsweredOnlyBy(WebIp, next)), $"replies did not move from {winner} to {next} alone; now answering: {string.Join(", ", ArpReplies(WebIp, count: 3).Select(m => lab.NodeOfMac(m) ?? m))}");
            Assert.True(WaitFor(() => capture.GratuitousRequests(WebIp, lab.Mac(next)) >= 1 && capture.GratuitousReplies(WebIp, lab.Mac(next)) >= 1),
                $"no gratuitous ARP from {next}:\n" + string.Join('\n', capture.Lines));
            Assert.All(ArpReplies(WebIp, count: 3), m => Assert.Equal(lab.Mac(next), m, ignoreCase: true));
        }
        finally
        {
            File.WriteAllText(nodes, original);
        }

        Assert.True(WaitFor(() => AnsweredOnlyBy(WebIp, winner)), $"replies did not return to {winner} alone");
    }

    private static string Elected(string ip) => L2Election.SortCandidates(LabFixture.Nodes, ip, new Dictionary<string, int>())[0];

    private bool AnsweredOnlyBy(string ip, string node)
    {
        var macs = ArpReplies(ip, count: 2);
        return macs.Count > 0 && macs.All(m => string.Equals(m, lab.Mac(node), StringComparison.OrdinalIgnoreCase));
    }

    private string? ArpOwner(string ip) => lab.NodeOfMac(ArpReplies(ip, count: 1).FirstOrDefault());

    private List<string> ArpReplies(string ip, int count)
    {
        var (_, output, _) = lab.InNamespace("client", "arping", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-W", "0.3", "-i", "eth0", ip);
        return ArpReply().Matches(output).Select(m => m.Groups[1].Value).ToList();
    }

    private string? NdpOwner(string ip)
    {
        var (_, output, _) = lab.InNamespace("client", "ndisc6", "-r", "1", "-w", "500", ip, "eth0");
        var m = NdpReply().Match(output);
        return m.Success ? m.Groups[1].Value : null;
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

    private static string ServiceYaml(string name, string ip) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          namespace: default
          annotations:
            metallb.io/loadBalancerIPs: {ip}
        spec:
          type: LoadBalancer
          clusterIP: 198.51.100.50
          selector:
            app: {name}
          ports:
          - name: http
            protocol: TCP
            port: 80
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: {name}-1
          namespace: default
          labels:
            kubernetes.io/service-name: {name}
        addressType: IPv4
        endpoints:
        - addresses:
          - 203.0.113.50
          nodeName: node-a
          conditions:
            ready: true
        """;

    // Keeps each node's InternalIP addresses: membership reads its peers from them.
    private string NodesYaml(string? notReady = null, string? excluded = null)
        => string.Join("---\n", LabFixture.Nodes.Select(n => $"""
            apiVersion: v1
            kind: Node
            metadata:
              name: {n}
              labels:
                kubernetes.io/hostname: {n}
            {(n == excluded ? "    node.kubernetes.io/exclude-from-external-load-balancers: \"\"\n" : "")}status:
              addresses:
              - type: InternalIP
                address: {lab.NodeEnv("IP4", n)}
              - type: InternalIP
                address: "{lab.NodeEnv("IP6", n)}"
              conditions:
              - type: Ready
                status: "{(n == notReady ? "False" : "True")}"

            """));

    [GeneratedRegex(@"bytes from ([0-9a-f:]{17}) ")]
    private static partial Regex ArpReply();

    [GeneratedRegex(@"Target link-layer address: ([0-9A-Fa-f:]{17})")]
    private static partial Regex NdpReply();
}
