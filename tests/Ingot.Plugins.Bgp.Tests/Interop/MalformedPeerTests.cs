using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Fsm;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Tests;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// Malformed input over a real TCP connection, from a <see cref="ScriptedPeer"/>: the speaker answers with the RFC's
/// NOTIFICATION, logs it, closes, and comes back on its next connect; errors RFC 7606 scopes to a route keep the
/// session. None of it may take the speaker down.
/// </summary>
public class MalformedPeerTests
{
    private const string Label = "192.0.2.2:179";

    [Theory]
    // RFC 4271 §6.1 message header errors: the data is the bad length or type field.
    [InlineData("marker not all ones", false, 1, 1, "")]
    [InlineData("length 18", false, 1, 2, "0012")]
    [InlineData("type 9", false, 1, 3, "09")]
    [InlineData("KEEPALIVE of 20 octets", false, 1, 2, "0014")]
    // RFC 4271 §6.2 OPEN errors: the version error names the largest version we speak.
    [InlineData("version 3", false, 2, 1, "0004")]
    [InlineData("peer AS 65099", false, 2, 2, "FE4B")]
    [InlineData("identifier 0", false, 2, 3, "")]
    [InlineData("hold time 2", false, 2, 6, "")]
    // RFC 6608: the FSM error subcode names the state that got the unexpected message.
    [InlineData("UPDATE in OpenConfirm", false, 5, 2, "")]
    [InlineData("OPEN in Established", true, 5, 3, "")]
    // RFC 4271 §6.3 / RFC 7606 §4: errors that leave the UPDATE's structure unknown reset the session.
    [InlineData("withdrawn length overruns", true, 3, 1, "")]
    [InlineData("attribute overruns the list", true, 3, 5, "400105")]
    [InlineData("unrecognized well-known attribute", true, 3, 2, "40630100")]
    public async Task Malformed_AnsweredWithRfcNotification_ThenSessionComesBack(string input, bool afterEstablished, byte code, byte subcode, string data)
    {
        await using var lab = await NetNsLab.CreateAsync();
        using var peer = new ScriptedPeer(lab);
        using var metrics = new BgpMetrics();
        using var probe = new MetricsProbe(metrics);
        var log = new ListLoggerFactory();
        await using var announcer = await peer.StartSpeakerAsync(log, metrics);

        using (var first = await peer.AcceptAsync())
        {
            if (afterEstablished)
            {
                await first.EstablishAsync();
            }
            else
            {
                await first.ReceiveUntilAsync(BgpMessageType.Open);
            }

            await first.SendAsync(Input(input));
            var notification = BgpNotificationCodec.Parse(await first.ReceiveUntilAsync(BgpMessageType.Notification));
            Assert.Equal((BgpErrorCode)code, notification.Code);
            Assert.Equal(subcode, notification.Subcode);
            Assert.Equal(data, Convert.ToHexString(notification.Data));
            Assert.Null(await first.ReceiveAsync()); // RFC 4271 §6: the connection closes after the NOTIFICATION.
        }

        Assert.Contains(log.Lines, l => l.Contains($"NOTIFICATION {(BgpErrorCode)code}/{subcode}", StringComparison.Ordinal));
        Assert.Equal(1, probe.Read("metallb_bgp_notifications_sent", Label));

        // The speaker is still running: it reconnects, and the routes arrive on the new session.
        using var second = await peer.AcceptAsync();
        await second.EstablishAsync();
        await second.ReceiveServiceRouteAsync();
        var session = announcer.Sessions["router"];
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.Snapshot.State), s => s == BgpState.Established, "established again", 10, log);
    }

    [Fact]
    public async Task AttributeErrorScopedToRoutes_KeepsSession_AndRouteRefreshIsAnsweredByResending()
    {
        await using var lab = await NetNsLab.CreateAsync();
        using var peer = new ScriptedPeer(lab);
        var log = new ListLoggerFactory();
        using var metrics = new BgpMetrics();
        using var probe = new MetricsProbe(metrics);
        await using var announcer = await peer.StartSpeakerAsync(log, metrics);
        using var connection = await peer.AcceptAsync();
        await connection.EstablishAsync();
        await connection.ReceiveServiceRouteAsync();

        // RFC 7606 §7.1: an ORIGIN of 7 makes the UPDATE's routes withdrawn; the session stays up.
        await connection.SendAsync(ScriptedConnection.Message(BgpMessageType.Update, Hex("0000 0014 40010107 400206 0201 0000FDE9 400304 C0000202 20 C6336401")));

        // RFC 2918 §4: a ROUTE-REFRESH is answered by sending the table again; that it is answered proves the session held.
        var refresh = new byte[BgpMessageReader.HeaderLength + 4];
        BgpMessageReader.WriteRouteRefresh(refresh, BgpFamily.IPv4Unicast);
        await connection.SendAsync(refresh);
        await connection.ReceiveServiceRouteAsync();

        Assert.Equal(BgpState.Established, announcer.Sessions["router"].Snapshot.State);
        Assert.Contains(log.Lines, l => l.Contains("treated as withdraw", StringComparison.Ordinal) && l.Contains("ORIGIN", StringComparison.Ordinal));

        // FRR mode's receive counters: the UPDATE is counted on its own; it and the ROUTE-REFRESH in the total.
        Assert.Equal(1, probe.Read("metallb_bgp_updates_total_received", Label));
        Assert.Equal(probe.Read("metallb_bgp_opens_received", Label) + probe.Read("metallb_bgp_keepalives_received", Label) + 2, probe.Read("metallb_bgp_total_received", Label));
        Assert.DoesNotContain(log.Lines, l => l.Contains("NOTIFICATION", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PeerNotification_ClosesWithoutAnswer_AndSpeakerReconnects()
    {
        await using var lab = await NetNsLab.CreateAsync();
        using var peer = new ScriptedPeer(lab);
        var log = new ListLoggerFactory();
        await using var announcer = await peer.StartSpeakerAsync(log);
        using (var first = await peer.AcceptAsync())
        {
            await first.EstablishAsync();
            await first.SendAsync(ScriptedConnection.Message(BgpMessageType.Notification, 6, 4)); // Cease / Administrative Reset

            // RFC 4271 §6.4: no NOTIFICATION answers a NOTIFICATION.
            while (await first.ReceiveAsync() is { } message)
            {
                Assert.NotEqual(BgpMessageType.Notification, message.Type);
            }
        }

        Assert.Contains(log.Lines, l => l.Contains("sent NOTIFICATION Cease/4", StringComparison.Ordinal));
        using var second = await peer.AcceptAsync();
        await second.EstablishAsync();
        await second.ReceiveServiceRouteAsync();
    }

    private static byte[][] Input(string name)
    {
        var open = ScriptedConnection.Open();
        var keepalive = ScriptedConnection.Message(BgpMessageType.Keepalive);
        return name switch
        {
            "marker not all ones" => [With(open, 0, 0x00)],
            "length 18" => [Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0012 04")],
            "type 9" => [ScriptedConnection.Message((BgpMessageType)9)],
            "KEEPALIVE of 20 octets" => [open, ScriptedConnection.Message(BgpMessageType.Keepalive, 0)],
            "version 3" => [With(open, BgpMessageReader.HeaderLength, 3)],
            "peer AS 65099" => [ScriptedConnection.Open(asn: 65099)],
            "identifier 0" => [ScriptedConnection.Open(identifier: 0)],
            "hold time 2" => [ScriptedConnection.Open(holdSeconds: 2)],
            "UPDATE in OpenConfirm" => [open, ScriptedConnection.Message(BgpMessageType.Update, 0, 0, 0, 0)],
            "OPEN in Established" => [open],
            "withdrawn length overruns" => [ScriptedConnection.Message(BgpMessageType.Update, 0, 0x10, 0, 0)],
            "attribute overruns the list" => [ScriptedConnection.Message(BgpMessageType.Update, Hex("0000 0004 400105 00"))],
            "unrecognized well-known attribute" => [ScriptedConnection.Message(BgpMessageType.Update, Hex("0000 0004 40630100"))],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such input"),
        };
    }

    private static byte[] With(byte[] message, int offset, byte value)
    {
        var copy = (byte[])message.Clone();
        copy[offset] = value;
        return copy;
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", string.Empty, StringComparison.Ordinal));
}
