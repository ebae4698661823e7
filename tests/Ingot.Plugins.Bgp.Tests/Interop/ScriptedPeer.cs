using System.Net;
using System.Net.Sockets;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// A BGP peer whose every byte the test writes, for input no real daemon sends: it listens on the lab's router address
/// (port 179, inside the router namespace) and hands each connection the speaker opens to the test.
/// </summary>
internal sealed class ScriptedPeer : IDisposable
{
    private readonly Socket _listener;

    public ScriptedPeer(NetNsLab lab)
    {
        _listener = lab.RunInRouter(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(NetNsLab.RouterV4), 179));
            socket.Listen();
            return socket;
        });
    }

    /// <summary>The next connection from the speaker; its retry backoff starts at 1 s, so 10 s is plenty.</summary>
    public async Task<ScriptedConnection> AcceptAsync(int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return new ScriptedConnection(await _listener.AcceptAsync(timeout.Token));
    }

    public void Dispose() => _listener.Dispose();
}
