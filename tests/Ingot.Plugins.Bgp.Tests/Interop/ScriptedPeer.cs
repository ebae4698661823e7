using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// A BGP peer whose every byte the test writes, for input no real daemon sends: it listens on the lab's router address
/// (port 179, inside the router namespace) and hands each connection the speaker opens to the test.
/// </summary>
internal sealed class ScriptedPeer : IDisposable
{
    /// <summary>The one Service address the speaker announces to this peer.</summary>
    public const string ServiceAddress = "192.0.2.10";

    private readonly NetNsLab _lab;
    private readonly Socket _listener;

    public ScriptedPeer(NetNsLab lab)
    {
        _lab = lab;
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

    /// <summary>Opens a connection from the router to the speaker's listener, as a peer that dials does.</summary>
    public async Task<ScriptedConnection> ConnectAsync()
    {
        var socket = _lab.RunInRouter(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await socket.ConnectAsync(IPAddress.Parse(NetNsLab.SpeakerV4), 179);
        return new ScriptedConnection(socket);
    }

    /// <summary>Starts a speaker in the lab (AS 64512) that announces <see cref="ServiceAddress"/> to this peer.</summary>
    public async Task<BgpAnnouncer> StartSpeakerAsync(ListLoggerFactory log, BgpMetrics? metrics = null, int listenPort = 0)
    {
        var announcer = GoBgpInteropTests.NewAnnouncer(_lab, log, metrics, listenPort);
        var peer = GoBgpInteropTests.Peer(NetNsLab.SpeakerV4, NetNsLab.RouterV4, 179, 64512, ScriptedConnection.PeerAsn);
        var (state, allocation) = BgpScenario.Build([peer], [new BgpAdvertisement { Name = "ad" }], ("web", [ServiceAddress]));
        await announcer.ApplyAsync(state, announcer.Plan(state, allocation), BgpScenario.Node, default);
        return announcer;
    }

    public void Dispose() => _listener.Dispose();
}
