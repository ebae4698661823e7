using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>A real gobgpd on loopback, passive, peering with our speaker's source address.</summary>
internal sealed class GoBgpPeer : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _netns;
    private Process? _process;

    public GoBgpPeer(string netns, string address, uint asn, string neighbor, uint neighborAsn, string? password = null, int? holdTime = null, bool gracefulRestart = false, bool passive = true, int? port = null)
    {
        _netns = netns;
        Address = address;
        Port = port ?? 179;
        ApiPort = 50051;
        _dir = Directory.CreateTempSubdirectory("ingot-bgp-gobgp-").FullName;
        var inv = CultureInfo.InvariantCulture;
        var config = string.Create(inv, $$"""
            [global.config]
              as = {{asn}}
              router-id = "198.51.100.254"
              port = {{Port}}
              local-address-list = ["{{address}}", "{{NetNsLab.RouterV6}}"]
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "{{neighbor}}"
                peer-as = {{neighborAsn}}
                {{(password is null ? string.Empty : $"auth-password = \"{password}\"")}}
              [neighbors.transport.config]
                passive-mode = {{(passive ? "true" : "false")}}
                local-address = "{{address}}"
              [neighbors.timers.config]
                hold-time = {{holdTime ?? 90}}
                connect-retry = 1
              [neighbors.graceful-restart.config]
                enabled = {{(gracefulRestart ? "true" : "false")}}
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv4-unicast"
                [neighbors.afi-safis.mp-graceful-restart.config]
                  enabled = {{(gracefulRestart ? "true" : "false")}}
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv6-unicast"
                [neighbors.afi-safis.mp-graceful-restart.config]
                  enabled = {{(gracefulRestart ? "true" : "false")}}
            """);
        File.WriteAllText(Path.Combine(_dir, "gobgpd.toml"), config);
    }

    public string Address { get; }

    public string Output => ExternalProcess.OutputOf(_process);

    public int Port { get; }

    public int ApiPort { get; }

    public async Task StartAsync()
    {
        _process = ExternalProcess.Start("ip", "netns", "exec", _netns, "gobgpd", "-f", Path.Combine(_dir, "gobgpd.toml"), "--api-hosts", $"127.0.0.1:{ApiPort}", "-l", "info");
        await ExternalProcess.EventuallyAsync(async () => (await Cli("global", "-j")).Exit, e => e == 0, "gobgpd API", 30);
    }

    public async Task<string> NeighborStateAsync()
    {
        var (_, output) = await Cli("neighbor", "-j");
        try
        {
            using var doc = JsonDocument.Parse(output);
            foreach (var n in doc.RootElement.EnumerateArray())
            {
                // GoBGP prints the enum number: 6 is ESTABLISHED.
                var state = n.GetProperty("state").GetProperty("session_state").ToString();
                return state == "6" ? "established" : state;
            }
        }
        catch (JsonException)
        {
            return output;
        }

        return "none";
    }

    /// <summary>The routes gobgpd holds for a family: prefix → (next hop, as path, local pref, communities, large).</summary>
    public async Task<Dictionary<string, GoBgpRoute>> RibAsync(string family)
    {
        var (_, output) = await Cli("global", "rib", "-a", family, "-j");
        var result = new Dictionary<string, GoBgpRoute>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(output) || output.TrimStart()[0] != '{')
        {
            return result;
        }

        using var doc = JsonDocument.Parse(output);
        foreach (var prefix in doc.RootElement.EnumerateObject())
        {
            foreach (var path in prefix.Value.EnumerateArray())
            {
                var route = new GoBgpRoute { Prefix = prefix.Name, Stale = path.TryGetProperty("stale", out var st) && st.GetBoolean() };
                foreach (var attr in path.GetProperty("attrs").EnumerateArray())
                {
                    var type = attr.GetProperty("type").GetInt32();
                    route = type switch
                    {
                        2 => route with { AsPath = attr.GetProperty("as_paths").EnumerateArray().SelectMany(s => s.GetProperty("asns").EnumerateArray().Select(a => a.GetUInt32())).ToList() },
                        3 => route with { NextHop = attr.GetProperty("nexthop").GetString() },
                        5 => route with { LocalPref = attr.GetProperty("value").GetUInt32() },
                        8 => route with { Communities = attr.GetProperty("communities").EnumerateArray().Select(c => c.GetUInt32()).ToList() },
                        14 => route with { NextHop = attr.GetProperty("nexthop").GetString() },
                        32 => route with { LargeCommunities = attr.GetProperty("value").EnumerateArray().Select(c => $"{c.GetProperty("ASN")}:{c.GetProperty("LocalData1")}:{c.GetProperty("LocalData2")}").ToList() },
                        _ => route,
                    };
                }

                result[prefix.Name] = route;
            }
        }

        return result;
    }

    /// <summary>Freezes or thaws gobgpd (SIGSTOP/SIGCONT to its own pid): a frozen peer is a silent peer.</summary>
    public Task SignalAsync(string signal) => ExternalProcess.RunAsync("kill", "-" + signal, _process!.Id.ToString(CultureInfo.InvariantCulture));

    public async Task StopAsync()
    {
        ExternalProcess.Kill(_process);
        _process = null;
        await Task.Yield();
    }

    public async ValueTask DisposeAsync()
    {
        ExternalProcess.Kill(_process);
        _process = null;
        await Task.Yield();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    public Task<(int Exit, string Output)> Cli(params string[] args)
        => ExternalProcess.RunAsync("ip", ["netns", "exec", _netns, "gobgp", "-u", "127.0.0.1", "-p", ApiPort.ToString(CultureInfo.InvariantCulture), .. args]);
}
