using System.Globalization;
using System.Text.Json;
using Ingot.Plugins.Bgp.Interop.Tests;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>
/// A real FRR bfdd (standalone, without zebra) in a lab's router namespace, with its own config, pid file, vty and control
/// sockets in a temporary directory; read with <c>vtysh -c 'show bfd peers json'</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FrrBfdPeer : IAsyncDisposable
{
    private readonly string _netns;
    private readonly string _dir;
    private int? _pid;

    /// <param name="netns">The router namespace.</param>
    /// <param name="peers">bfdd <c>peer</c> statements without the keyword, e.g. <c>192.0.2.1 local-address 192.0.2.2</c>.</param>
    public FrrBfdPeer(string netns, params string[] peers)
    {
        _netns = netns;
        _dir = Directory.CreateTempSubdirectory("ingot-bfd-frr-").FullName;

        // bfdd drops to user frr: the directory must be writable by it.
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_111_111);
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            bfd
            {string.Concat(peers.Select(p => $" peer {p}\n  receive-interval 300\n  transmit-interval 300\n  detect-multiplier 3\n !\n"))}!

            """);
        File.WriteAllText(Path.Combine(_dir, "bfdd.conf"), config);
        File.SetUnixFileMode(Path.Combine(_dir, "bfdd.conf"), (UnixFileMode)0b110_100_100);
    }

    public async Task StartAsync()
    {
        var (exit, output) = await ExternalProcess.RunAsync("ip", "netns", "exec", _netns, "/usr/lib/frr/bfdd", "-d",
            "-f", Path.Combine(_dir, "bfdd.conf"), "-i", Path.Combine(_dir, "bfdd.pid"), "-z", Path.Combine(_dir, "zserv.api"),
            "--vty_socket", _dir, "--bfdctl", Path.Combine(_dir, "bfdd.sock"), "-P", "0");
        if (exit != 0)
        {
            throw new InvalidOperationException("bfdd did not start: " + output);
        }

        var pidText = await ExternalProcess.EventuallyAsync(() => Task.FromResult(File.Exists(Path.Combine(_dir, "bfdd.pid")) ? File.ReadAllText(Path.Combine(_dir, "bfdd.pid")).Trim() : string.Empty), t => t.Length > 0, "bfdd pid file", 30);
        _pid = int.Parse(pidText, CultureInfo.InvariantCulture);
        await ExternalProcess.EventuallyAsync(async () => (await Vtysh("show bfd peers json")).Exit, e => e == 0, "bfdd vty", 30);
    }

    public Task<(int Exit, string Output)> Vtysh(string command)
        => ExternalProcess.RunAsync("ip", "netns", "exec", _netns, "vtysh", "--vty_socket", _dir, "-c", command);

    /// <summary>bfdd's view of its session with the address, or null when it lists none.</summary>
    public async Task<FrrBfdPeerStatus?> PeerAsync(string address, bool multihop)
    {
        var (_, output) = await Vtysh("show bfd peers json");
        try
        {
            using var doc = JsonDocument.Parse(output);
            foreach (var peer in doc.RootElement.EnumerateArray())
            {
                if (peer.GetProperty("peer").GetString() == address && peer.GetProperty("multihop").GetBoolean() == multihop)
                {
                    return new FrrBfdPeerStatus(
                        peer.GetProperty("status").GetString() ?? string.Empty,
                        peer.GetProperty("remote-diagnostic").GetString() ?? string.Empty,
                        peer.GetProperty("remote-transmit-interval").GetInt32(),
                        peer.GetProperty("remote-receive-interval").GetInt32());
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // bfdd not answering yet, or a shape we do not know: no status.
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pid is { } pid)
        {
            // Our own bfdd, by the pid it wrote.
            await ExternalProcess.RunAsync("kill", "-TERM", pid.ToString(CultureInfo.InvariantCulture));
            await ExternalProcess.EventuallyAsync(() => Task.FromResult(Directory.Exists($"/proc/{pid}")), alive => !alive, "bfdd exit", 15);
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
