using System.Net.Sockets;
using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Fsm;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>
/// Connection collisions (RFC 4271 §6.8). A connection the peer opens while ours is in OpenSent or OpenConfirm is held
/// as the contender: nothing is sent on it until its OPEN arrives, and the BGP Identifier in that OPEN decides. The
/// connection opened by the higher identifier survives; the other is closed with Cease / Connection Collision
/// Resolution. Against an Established session, or beside a contender already held, a newcomer is closed at once; when
/// both connections came from the peer, its newer one survives.
/// </summary>
/// <remarks>
/// Reading the contender's OPEN first is what lets the OpenSent case be decided at all: until then the peer's identifier
/// is unknown, and refusing the newcomer blindly could close the very connection the peer keeps. A contender that never
/// sends an OPEN costs one socket until our session is Established (then it is closed) or our connection fails (then its
/// OPEN makes it the session's connection).
/// </remarks>
internal sealed partial class BgpSession
{
    private BgpConnection? _contender;

    private async Task AcceptAsync(Socket socket)
    {
        if (_connection is null)
        {
            if (_fsm.State == BgpState.Idle)
            {
                socket.Dispose();
                return;
            }

            ConfigureSocket(socket);
            await UseConnectionAsync(StartConnection(socket, incoming: true));
            return;
        }

        if (_fsm.State == BgpState.Established || _contender is not null)
        {
            Log.CollisionResolved(_logger, Config.PeerName, "existing");
            await RejectAsync(socket, CeaseSubcode.ConnectionCollisionResolution);
            return;
        }

        ConfigureSocket(socket);
        _contender = StartConnection(socket, incoming: true);
    }

    private async Task OnContenderMessageAsync(BgpMessageType type, byte[] body)
    {
        BgpOpenMessage open;
        try
        {
            if (type == BgpMessageType.Notification)
            {
                // The peer gave up on its own connection.
                _metrics.OtherReceived(Config.MetricPeer);
                Log.NotificationReceived(_logger, Config.PeerName, BgpNotificationCodec.Parse(body).ToString());
                await DropContenderAsync();
                return;
            }

            // RFC 6608: anything but an OPEN on a connection we have sent nothing on is an FSM error, unspecified state.
            open = type == BgpMessageType.Open
                ? BgpOpenCodec.Parse(body)
                : throw new BgpProtocolException(BgpErrorCode.FiniteStateMachine, (byte)FsmErrorSubcode.Unspecified, default, $"{type} before OPEN on the peer's second connection");
        }
        catch (BgpProtocolException e)
        {
            Log.ProtocolError(_logger, Config.PeerName, e.Code, e.Subcode, e.Message);
            await CloseContenderAsync(e.Code, e.Subcode, e.Data);
            return;
        }

        // Our own connection may have failed meanwhile: the contender is then simply the session's connection.
        if (_connection is null)
        {
            await AdoptContenderAsync(body);
            return;
        }

        // When the peer opened both, identifiers cannot tell them apart: its newer connection is the one it still uses
        // (it restarted, or gave up on the first), and the older would only linger until its hold timer.
        var keepNewcomer = _connection.Incoming || BgpCollision.KeepIncoming(_fsm.LocalIdentifier, open.BgpIdentifier);
        if (_fsm.State == BgpState.Established || !keepNewcomer)
        {
            _metrics.OpenReceived(Config.MetricPeer);
            Log.CollisionResolved(_logger, Config.PeerName, "existing");
            await CloseContenderAsync(BgpErrorCode.Cease, (byte)CeaseSubcode.ConnectionCollisionResolution, null);
            return;
        }

        Log.CollisionResolved(_logger, Config.PeerName, _connection.Incoming ? "newer incoming" : "incoming");
        await SendNotificationAsync(BgpErrorCode.Cease, (byte)CeaseSubcode.ConnectionCollisionResolution, null, null);
        await ExecuteAsync(_fsm.ConnectionFailed("connection collision"));
        await DropConnectionAsync();
        await AdoptContenderAsync(body);
    }

    /// <summary>The contender becomes the session's connection, with the OPEN it already sent.</summary>
    private async Task AdoptContenderAsync(byte[] openBody)
    {
        var contender = _contender!;
        _contender = null;
        await UseConnectionAsync(contender);

        // A session that went Idle meanwhile (stopping, or holding off after errors) has closed it again.
        if (_connection == contender)
        {
            await ExecuteAsync(Dispatch(BgpMessageType.Open, openBody));
        }
    }

    /// <summary>Our session is Established: a contender still waiting has lost (RFC 4271 §6.8).</summary>
    private async Task CloseContenderOnEstablishedAsync()
    {
        if (_contender is not null)
        {
            Log.CollisionResolved(_logger, Config.PeerName, "existing");
            await CloseContenderAsync(BgpErrorCode.Cease, (byte)CeaseSubcode.ConnectionCollisionResolution, null);
        }
    }

    private async Task CloseContenderAsync(BgpErrorCode code, byte subcode, byte[]? data)
    {
        try
        {
            await WriteSmallAsync(_contender!, memory => BgpNotificationCodec.Write(memory.Span, code, subcode, data));
            _metrics.NotificationSent(Config.MetricPeer);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort: the connection is closing anyway.
        }

        await DropContenderAsync();
    }

    private async Task DropContenderAsync()
    {
        var contender = _contender;
        _contender = null;
        if (contender is not null)
        {
            await contender.DisposeAsync();
        }
    }

    private static async Task RejectAsync(Socket socket, CeaseSubcode subcode)
    {
        try
        {
            var buffer = new byte[64];
            var n = BgpNotificationCodec.Write(buffer, BgpErrorCode.Cease, (byte)subcode, default);
            await socket.SendAsync(buffer.AsMemory(0, n));
        }
        catch (SocketException)
        {
            // The peer is gone already.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
