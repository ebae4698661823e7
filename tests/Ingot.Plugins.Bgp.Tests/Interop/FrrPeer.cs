using System.Globalization;
using System.Text.Json;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>A real FRR bgpd (without zebra) in the lab's router namespace, read with <c>vtysh ... json</c>.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FrrPeer : IAsyncDisposable
{
    private readonly FrrDaemon _bgpd;

    public FrrPeer(string netns, uint asn, uint neighborAsn)
        : this(netns, asn, neighborAsn.ToString(CultureInfo.InvariantCulture))
    {
    }

    /// <summary><paramref name="remoteAs"/> is what follows <c>neighbor X remote-as</c>: a number, <c>internal</c> or
    /// <c>external</c>; <paramref name="neighborExtra"/> are further <c>neighbor X ...</c> lines (e.g. <c>local-as</c>).</summary>
    public FrrPeer(string netns, uint asn, string remoteAs, params string[] neighborExtra)
    {
        var extra = string.Concat(neighborExtra.Select(line => $" neighbor {NetNsLab.SpeakerV4} {line}\n"));
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            frr defaults traditional
            hostname ingot-test-router
            log file $DIR/bgpd.log informational
            router bgp {asn}
             bgp router-id {NetNsLab.RouterV4}
             no bgp ebgp-requires-policy
             bgp log-neighbor-changes
             no bgp default ipv4-unicast
             neighbor {NetNsLab.SpeakerV4} remote-as {remoteAs}
             neighbor {NetNsLab.SpeakerV4} passive
            {extra}             address-family ipv4 unicast
              neighbor {NetNsLab.SpeakerV4} activate
             exit-address-family
             address-family ipv6 unicast
              neighbor {NetNsLab.SpeakerV4} activate
             exit-address-family

            """);
        _bgpd = new FrrDaemon(netns, "bgpd", config);
    }

    /// <summary>-Z: no zebra.</summary>
    public Task StartAsync() => _bgpd.StartAsync("show bgp summary json", "-Z");

    public Task<(int Exit, string Output)> Vtysh(string command) => _bgpd.Vtysh(command);

    /// <summary>Prefixes bgpd holds for a family (<c>show bgp ipv4|ipv6 unicast json</c>).</summary>
    public async Task<List<string>> PrefixesAsync(string family)
    {
        var (_, output) = await Vtysh($"show bgp {family} unicast json");
        try
        {
            using var doc = JsonDocument.Parse(output);
            return doc.RootElement.TryGetProperty("routes", out var routes) ? routes.EnumerateObject().Select(r => r.Name).ToList() : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>One prefix's best path as JSON text (<c>show bgp ... PREFIX json</c>).</summary>
    public async Task<JsonElement> PathAsync(string family, string prefix)
    {
        var (_, output) = await Vtysh($"show bgp {family} unicast {prefix} json");
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("paths")[0].Clone();
    }

    /// <summary>What bgpd logged so far (e.g. the NOTIFICATIONs it received before a session was up).</summary>
    public string Log()
    {
        var path = Path.Combine(_bgpd.Directory, "bgpd.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    public ValueTask DisposeAsync() => _bgpd.DisposeAsync();
}
