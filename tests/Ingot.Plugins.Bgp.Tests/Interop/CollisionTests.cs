using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Fsm;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Tests;
using Ingot.Plugins.Bgp.Transport;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// Connection collisions (RFC 4271 §6.8) driven by a <see cref="ScriptedPeer"/>, so the identifiers and the order of
/// events are chosen rather than raced: the speaker dials out and reaches OpenSent or OpenConfirm, then the peer dials in
/// and sends its OPEN at once, as real implementations do. The speaker is 192.0.2.1.
/// </summary>
public class CollisionTests
{
    [Theory]
    [InlineData(0xC0000202u, true, false)]  // 192.0.2.2 is above us: the connection the peer opened survives
    [InlineData(0x01010101u, false, false)] // 1.1.1.1 is below: ours survives
    [InlineData(0xC0000202u, true, true)]   // the same while ours is still in OpenSent: only the new OPEN tells the identifier
    [InlineData(0x01010101u, false, true)]
    public async Task SecondConnection_HigherIdentifiersConnectionSurvives(uint peerIdentifier, bool incomingWins, bool oursInOpenSent)
    {
        await using var rig = await Dialled.StartAsync();
        var (peer, outgoing) = (rig.Peer, rig.Outgoing);
        await outgoing.ReceiveUntilAsync(BgpMessageType.Open);
        if (!oursInOpenSent)
        {
            await outgoing.SendAsync(ScriptedConnection.Open(identifier: peerIdentifier));
            await outgoing.ReceiveUntilAsync(BgpMessageType.Keepalive);
        }

        using var incoming = await peer.ConnectAsync();
        await incoming.SendAsync(ScriptedConnection.Open(identifier: peerIdentifier));

        // Nothing was sent on the incoming connection before its OPEN was read: the loser's first message is the Cease.
        var (loser, winner) = incomingWins ? (outgoing, incoming) : (incoming, outgoing);
        await AssertCollisionCeaseAsync(loser);

        if (incomingWins)
        {
            await winner.ReceiveUntilAsync(BgpMessageType.Open);
            await winner.SendAsync(ScriptedConnection.Message(BgpMessageType.Keepalive));
        }
        else
        {
            if (oursInOpenSent)
            {
                await winner.SendAsync(ScriptedConnection.Open(identifier: peerIdentifier));
            }

            await winner.SendAsync(ScriptedConnection.Message(BgpMessageType.Keepalive));
        }

        await winner.ReceiveServiceRouteAsync();
        await rig.EstablishedAsync("established on the surviving connection");
        Assert.Contains(rig.Log.Lines, l => l.Contains(incomingWins ? "keeping the incoming connection" : "keeping the existing connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondConnection_WhileEstablished_RefusedAtOnceAndTheSessionStays()
    {
        await using var rig = await Dialled.StartAsync();
        var (peer, outgoing) = (rig.Peer, rig.Outgoing);
        await outgoing.EstablishAsync();
        await outgoing.ReceiveServiceRouteAsync();

        // RFC 4271 §6.8: an Established session always wins, without waiting for the newcomer's OPEN.
        using var incoming = await peer.ConnectAsync();
        await AssertCollisionCeaseAsync(incoming);

        await outgoing.SendAsync(ScriptedConnection.Message(BgpMessageType.Keepalive));
        await rig.EstablishedAsync("still established");
        Assert.Contains(rig.Log.Lines, l => l.Contains("keeping the existing connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondConnection_SpeaksBeforeItsOpen_FsmErrorThereAndOursCarriesOn()
    {
        await using var rig = await Dialled.StartAsync();
        var (peer, outgoing) = (rig.Peer, rig.Outgoing);
        await outgoing.ReceiveUntilAsync(BgpMessageType.Open);

        using var incoming = await peer.ConnectAsync();
        await incoming.SendAsync(ScriptedConnection.Message(BgpMessageType.Keepalive));

        // RFC 6608: on a connection we have sent nothing on, the state is none of the three it names: subcode 0.
        var notification = BgpNotificationCodec.Parse(await incoming.ReceiveUntilAsync(BgpMessageType.Notification));
        Assert.Equal((BgpErrorCode.FiniteStateMachine, (byte)FsmErrorSubcode.Unspecified), (notification.Code, notification.Subcode));
        Assert.Null(await incoming.ReceiveAsync());

        await outgoing.SendAsync(ScriptedConnection.Open(), ScriptedConnection.Message(BgpMessageType.Keepalive));
        await outgoing.ReceiveServiceRouteAsync();
        await rig.EstablishedAsync("established on our connection");
    }

    [Fact]
    public async Task SecondConnectionFromThePeer_WhileItsFirstIsInOpenConfirm_TheNewerSurvives()
    {
        // A passive session (no dialling of its own) fed the connections a listener in the speaker namespace accepts.
        await using var lab = await NetNsLab.CreateAsync();
        using var peer = new ScriptedPeer(lab);
        using var listener = lab.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(NetNsLab.SpeakerV4), 179));
            socket.Listen();
            return socket;
        });
        var log = new ListLoggerFactory();
        using var metrics = new BgpMetrics();
        var config = new BgpSessionConfig
        {
            PeerName = "router",
            PeerAddress = IPAddress.Parse(NetNsLab.RouterV4),
            LocalAsn = 64512,
            PeerAsn = ScriptedConnection.PeerAsn,
            NodeName = BgpScenario.Node,
            ActiveConnect = false,
        };
        await using var session = new BgpSession(config, TimeProvider.System, log.CreateLogger("session"), metrics, lab);
        session.Start();

        using var first = await peer.ConnectAsync();
        session.AcceptIncoming(await listener.AcceptAsync());
        await first.SendAsync(ScriptedConnection.Open());
        await first.ReceiveUntilAsync(BgpMessageType.Open);
        await first.ReceiveUntilAsync(BgpMessageType.Keepalive);

        // The peer gives up on its first connection without closing it (a restart) and dials again: the higher
        // identifier is ours, yet the first connection is the one that goes.
        using var second = await peer.ConnectAsync();
        session.AcceptIncoming(await listener.AcceptAsync());
        await second.SendAsync(ScriptedConnection.Open(identifier: 0x01010101));

        await AssertCollisionCeaseAsync(first);
        await second.ReceiveUntilAsync(BgpMessageType.Open);
        await second.SendAsync(ScriptedConnection.Message(BgpMessageType.Keepalive));
        await second.ReceiveUntilAsync(BgpMessageType.Keepalive);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.Snapshot.State), s => s == BgpState.Established, "established on the newer connection", 10, log);
        Assert.Contains(log.Lines, l => l.Contains("keeping the newer incoming connection", StringComparison.Ordinal));
    }

    private static async Task AssertCollisionCeaseAsync(ScriptedConnection loser)
    {
        // What the test has not read yet begins with the Cease: on the peer's connection nothing came before it.
        var first = await loser.ReceiveAsync();
        Assert.Equal(BgpMessageType.Notification, first?.Type);
        var notification = BgpNotificationCodec.Parse(first!.Value.Body);
        Assert.Equal((BgpErrorCode.Cease, (byte)CeaseSubcode.ConnectionCollisionResolution), (notification.Code, notification.Subcode));
        Assert.Null(await loser.ReceiveAsync());
    }

    /// <summary>A speaker that listens on 179 and has dialled the scripted peer, which holds its end of that connection.</summary>
    private sealed class Dialled : IAsyncDisposable
    {
        private readonly NetNsLab _lab;
        private readonly BgpAnnouncer _announcer;

        private Dialled(NetNsLab lab, ScriptedPeer peer, BgpAnnouncer announcer, ScriptedConnection outgoing, ListLoggerFactory log)
            => (_lab, Peer, _announcer, Outgoing, Log) = (lab, peer, announcer, outgoing, log);

        public ScriptedPeer Peer { get; }

        public ScriptedConnection Outgoing { get; }

        public ListLoggerFactory Log { get; }

        public static async Task<Dialled> StartAsync()
        {
            var lab = await NetNsLab.CreateAsync();
            var peer = new ScriptedPeer(lab);
            BgpAnnouncer? announcer = null;
            try
            {
                var log = new ListLoggerFactory();
                announcer = await peer.StartSpeakerAsync(log, listenPort: 179);
                return new Dialled(lab, peer, announcer, await peer.AcceptAsync(), log);
            }
            catch
            {
                // The namespaces must go even when the speaker never dialled.
                if (announcer is not null)
                {
                    await announcer.DisposeAsync();
                }

                peer.Dispose();
                await lab.DisposeAsync();
                throw;
            }
        }

        public Task EstablishedAsync(string what)
            => ExternalProcess.EventuallyAsync(() => Task.FromResult(_announcer.Sessions["router"].Snapshot.State), s => s == BgpState.Established, what, 10, Log);

        public async ValueTask DisposeAsync()
        {
            Outgoing.Dispose();
            await _announcer.DisposeAsync();
            Peer.Dispose();
            await _lab.DisposeAsync();
        }
    }
}
