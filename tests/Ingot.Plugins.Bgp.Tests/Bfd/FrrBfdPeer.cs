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
    private readonly FrrDaemon _bfdd;

    /// <param name="netns">The router namespace.</param>
    /// <param name="peers">bfdd <c>peer</c> statements without the keyword, e.g. <c>192.0.2.1 local-address 192.0.2.2</c>.</param>
    public FrrBfdPeer(string netns, params string[] peers)
    {
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            bfd
            {string.Concat(peers.Select(p => $" peer {p}\n  receive-interval 300\n  transmit-interval 300\n  detect-multiplier 3\n !\n"))}!

            """);
        _bfdd = new FrrDaemon(netns, "bfdd", config);
    }

    /// <summary>-P 0: no vty TCP port; the control socket in the daemon's directory.</summary>
    public Task StartAsync() => _bfdd.StartAsync("show bfd peers json", "--bfdctl", Path.Combine(_bfdd.Directory, "bfdd.sock"), "-P", "0");

    public Task<(int Exit, string Output)> Vtysh(string command) => _bfdd.Vtysh(command);

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

    public ValueTask DisposeAsync() => _bfdd.DisposeAsync();
}
