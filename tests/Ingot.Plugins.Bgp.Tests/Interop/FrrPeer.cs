using System.Globalization;
using System.Text.Json;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>A real FRR bgpd (without zebra) in the lab's router namespace, read with <c>vtysh ... json</c>.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FrrPeer : IAsyncDisposable
{
    private readonly string _netns;
    private readonly string _dir;
    private int? _pid;

    public FrrPeer(string netns, uint asn, uint neighborAsn)
    {
        _netns = netns;
        _dir = Directory.CreateTempSubdirectory("ingot-bgp-frr-").FullName;

        // bgpd drops to user frr: the directory must be readable and writable by it.
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            frr defaults traditional
            hostname ingot-test-router
            router bgp {asn}
             bgp router-id {NetNsLab.RouterV4}
             no bgp ebgp-requires-policy
             no bgp default ipv4-unicast
             neighbor {NetNsLab.SpeakerV4} remote-as {neighborAsn}
             neighbor {NetNsLab.SpeakerV4} passive
             address-family ipv4 unicast
              neighbor {NetNsLab.SpeakerV4} activate
             exit-address-family
             address-family ipv6 unicast
              neighbor {NetNsLab.SpeakerV4} activate
             exit-address-family

            """);
        File.WriteAllText(Path.Combine(_dir, "bgpd.conf"), config);
        File.SetUnixFileMode(Path.Combine(_dir, "bgpd.conf"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    public async Task StartAsync()
    {
        var (exit, output) = await ExternalProcess.RunAsync("ip", "netns", "exec", _netns, "/usr/lib/frr/bgpd", "-d", "-Z",
            "-f", Path.Combine(_dir, "bgpd.conf"), "-i", Path.Combine(_dir, "bgpd.pid"), "-z", Path.Combine(_dir, "zserv.api"), "--vty_socket", _dir);
        if (exit != 0)
        {
            throw new InvalidOperationException("bgpd did not start: " + output);
        }

        var pidText = await ExternalProcess.EventuallyAsync(() => Task.FromResult(File.Exists(Path.Combine(_dir, "bgpd.pid")) ? File.ReadAllText(Path.Combine(_dir, "bgpd.pid")).Trim() : string.Empty), t => t.Length > 0, "bgpd pid file", 30);
        _pid = int.Parse(pidText, CultureInfo.InvariantCulture);
        await ExternalProcess.EventuallyAsync(async () => (await Vtysh("show bgp summary json")).Exit, e => e == 0, "bgpd vty", 30);
    }

    public Task<(int Exit, string Output)> Vtysh(string command)
        => ExternalProcess.RunAsync("ip", "netns", "exec", _netns, "vtysh", "--vty_socket", _dir, "-c", command);

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

    public async ValueTask DisposeAsync()
    {
        if (_pid is { } pid)
        {
            // Our own bgpd, by the pid it wrote.
            await ExternalProcess.RunAsync("kill", "-TERM", pid.ToString(CultureInfo.InvariantCulture));
            await ExternalProcess.EventuallyAsync(() => Task.FromResult(Directory.Exists($"/proc/{pid}")), alive => !alive, "bgpd exit", 15);
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
