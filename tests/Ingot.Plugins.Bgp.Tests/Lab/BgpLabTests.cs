using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ingot.Plugins.Bgp.Lab.Tests;

/// <summary>
/// The lab end to end through BGP (needs root): three real <c>ingot run</c> nodes announce the <c>web</c> Service to a
/// real BIRD 2 router, which installs the route in its namespace's kernel table; a client on the remote network behind
/// the router reaches the web server through it. The expected announcing nodes come from <c>ingot reconcile</c> on the
/// lab's own configuration. Tests wait for conditions with deadlines; none asserts a duration.
/// </summary>
public sealed partial class BgpLabTests(BgpLabFixture lab) : IClassFixture<BgpLabFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public void Router_WebService_EcmpKernelRouteThroughAnnouncingNodesAndRemoteCurlSucceeds()
    {
        var (ip, nodes) = PlannedWeb();
        var expected = nodes.Select(lab.NodeIPv4).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(expected);

        string[] hops = [];
        Assert.True(WaitFor(() => (hops = lab.RouterNextHops(ip)).SequenceEqual(expected)),
            $"the router's kernel route for {ip} goes via [{string.Join(", ", hops)}], expected [{string.Join(", ", expected)}]:\n"
            + lab.InNamespace("router", "ip", "route").Output + lab.Birdc("show", "protocols").Output);

        // BIRD holds one BGP path per announcing node, each with the BGPAdvertisement's community.
        var (_, routes, _) = lab.Birdc("show", "route", "for", ip, "all");
        foreach (var hop in expected)
        {
            Assert.Contains($"via {hop} on eth0", routes, StringComparison.Ordinal);
        }

        Assert.Contains("BGP.community: (64512,100)", routes, StringComparison.Ordinal);

        // The remote client has no route to the LAN but its default via the router: the answer came through the BGP route.
        string body = "";
        Assert.True(WaitFor(() => (body = lab.InNamespace("remote", "curl", "-s", "--max-time", "3", $"http://{ip}/").Output.Trim())
            .StartsWith("hello from ", StringComparison.Ordinal)), $"curl http://{ip}/ from the remote network got \"{body}\"");
        Assert.Contains(body["hello from ".Length..], BgpLabFixture.Nodes);
    }

    [Fact]
    public void Router_DualStackServiceIPv6_EcmpKernelRouteAndRemoteCurlOverIPv6()
    {
        var (ip, nodes) = Planned("web-dual-stack", ipv6: true);
        var expected = nodes.Select(n => lab.NodeEnv("IP6", n)).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(expected);

        string[] hops = [];
        Assert.True(WaitFor(() => (hops = lab.RouterNextHops(ip)).SequenceEqual(expected)),
            $"the router's kernel route for {ip} goes via [{string.Join(", ", hops)}], expected [{string.Join(", ", expected)}]:\n"
            + lab.InNamespace("router", "ip", "-6", "route").Output + lab.Birdc("show", "route", "table", "master6", "all").Output);

        string body = "";
        Assert.True(WaitFor(() => (body = lab.InNamespace("remote", "curl", "-s", "--max-time", "3", $"http://[{ip}]/").Output.Trim())
            .StartsWith("hello from ", StringComparison.Ordinal)), $"curl http://[{ip}]/ from the remote network got \"{body}\"");
    }

    [Fact]
    public void Router_HoldsNoPoolAddress_NeverAnswersArpForTheLoadBalancerIP()
    {
        var (ip, _) = PlannedWeb();
        Assert.True(WaitFor(() => lab.RouterNextHops(ip).Length > 0), $"the router never installed a route for {ip}");

        // The client on the LAN asks who has the address: only the node elected for layer 2 answers, never the router,
        // which reaches the address through its BGP route.
        var (_, arping, _) = lab.InNamespace("client", "arping", "-c", "3", "-W", "0.3", "-i", "eth0", ip);
        var macs = ArpReply().Matches(arping).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(macs);
        Assert.DoesNotContain(macs, m => string.Equals(m, lab.Env["LAB_MAC_ROUTER"], StringComparison.OrdinalIgnoreCase));
        Assert.Single(macs.Distinct(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Router_ServiceRemovedFromConfig_RouteDisappearsFromRouter()
    {
        var (ip, _) = PlannedWeb();
        Assert.True(WaitFor(() => lab.RouterNextHops(ip).Length > 0), $"the router never installed a route for {ip}");

        var web = Path.Combine(lab.Config, "web.yaml");
        var original = File.ReadAllText(web);
        try
        {
            File.Delete(web);

            Assert.True(WaitFor(() => lab.RouterNextHops(ip).Length == 0), $"the router's kernel still routes {ip} via the nodes:\n"
                + lab.InNamespace("router", "ip", "route").Output);
            Assert.True(WaitFor(() => !lab.Birdc("show", "route", "for", ip).Output.Contains($"{ip}/32", StringComparison.Ordinal)),
                $"BIRD still holds {ip}/32:\n" + lab.Birdc("show", "route").Output);
            Assert.True(WaitFor(() => lab.InNamespace("remote", "curl", "-s", "--max-time", "2", $"http://{ip}/").Code != 0),
                $"the remote network still reaches {ip}");
        }
        finally
        {
            File.WriteAllText(web, original);
        }

        // Put back, the Service is announced again (so the lab is as the other test expects it).
        Assert.True(WaitFor(() => lab.RouterNextHops(ip).Length > 0), $"the router never re-installed a route for {ip}");
    }

    private (string Ip, string[] Nodes) PlannedWeb() => Planned("web", ipv6: false);

    /// <summary>A Service's address of one family and the nodes that announce it over BGP, from <c>ingot reconcile</c>.</summary>
    private (string Ip, string[] Nodes) Planned(string service, bool ipv6)
    {
        var (code, output, error) = BgpLabFixture.Run(lab.Ingot, "reconcile", Path.Combine(lab.Repo, "examples", "lab"), "-o", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var web = doc.RootElement.GetProperty("services").EnumerateArray()
            .Single(s => s.GetProperty("namespace").GetString() == "default" && s.GetProperty("name").GetString() == service);
        var ip = web.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()!).Single(a => a.Contains(':', StringComparison.Ordinal) == ipv6);
        var nodes = web.GetProperty("announcements").EnumerateArray()
            .Where(a => a.GetProperty("protocol").GetString() == "bgp" && a.GetProperty("peer").GetString() == "router"
                && a.GetProperty("prefix").GetString() == $"{ip}/{(ipv6 ? 128 : 32)}")
            .Select(a => a.GetProperty("node").GetString()!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return (ip, nodes);
    }

    [GeneratedRegex(@"bytes from ([0-9a-fA-F:]{17}) ")]
    private static partial Regex ArpReply();

    private static bool WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(250);
        }

        return condition();
    }
}
