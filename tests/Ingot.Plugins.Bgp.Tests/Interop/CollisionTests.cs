using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Fsm;
using Ingot.Plugins.Bgp.Tests;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// Connection collisions (RFC 4271 §6.8) driven by a <see cref="ScriptedPeer"/>, so the identifiers and the order of
/// events are chosen rather than raced: the speaker dials out and reaches OpenConfirm, then the peer dials in.
/// </summary>
public class CollisionTests
{
    [Theory]
    [InlineData(0xC0000202u, true)]  // 192.0.2.2 is above our 192.0.2.1: the connection the peer opened survives
    [InlineData(0x01010101u, false)] // 1.1.1.1 is below: ours survives
    public async Task SecondConnectionInOpenConfirm_HigherIdentifiersConnectionSurvives(uint peerIdentifier, bool incomingWins)
    {
        await using var lab = await NetNsLab.CreateAsync();
        using var peer = new ScriptedPeer(lab);
        var log = new ListLoggerFactory();
        await using var announcer = await peer.StartSpeakerAsync(log, listenPort: 179);

        using var outgoing = await peer.AcceptAsync();
        await outgoing.ReceiveUntilAsync(BgpMessageType.Open);
        await outgoing.SendAsync(ScriptedConnection.Open(identifier: peerIdentifier));
        await outgoing.ReceiveUntilAsync(BgpMessageType.Keepalive); // the speaker is in OpenConfirm and knows our identifier
        using var incoming = await peer.ConnectAsync();

        var (loser, winner) = incomingWins ? (outgoing, incoming) : (incoming, outgoing);
        var notification = BgpNotificationCodec.Parse(await loser.ReceiveUntilAsync(BgpMessageType.Notification));
        Assert.Equal(BgpErrorCode.Cease, notification.Code);
        Assert.Equal((byte)CeaseSubcode.ConnectionCollisionResolution, notification.Subcode);
        Assert.Null(await loser.ReceiveAsync());

        if (incomingWins)
        {
            await winner.EstablishAsync(peerIdentifier);
        }
        else
        {
            await winner.SendAsync(ScriptedConnection.Message(BgpMessageType.Keepalive));
        }

        await winner.ReceiveServiceRouteAsync();
        var session = announcer.Sessions["router"];
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.Snapshot.State), s => s == BgpState.Established, "established on the surviving connection", 10, log);
        Assert.Contains(log.Lines, l => l.Contains(incomingWins ? "keeping the incoming connection" : "keeping the existing connection", StringComparison.Ordinal));
    }
}
