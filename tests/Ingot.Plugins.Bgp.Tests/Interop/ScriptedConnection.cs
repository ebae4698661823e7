using System.Buffers.Binary;
using System.Net.Sockets;
using Ingot.Plugins.Bgp.Codec;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>One accepted connection of a <see cref="ScriptedPeer"/>: sends raw bytes, reads whole BGP messages.</summary>
internal sealed class ScriptedConnection : IDisposable
{
    /// <summary>The peer's AS and BGP identifier (192.0.2.2) in the OPENs this connection builds.</summary>
    public const uint PeerAsn = 65001;
    public const uint PeerIdentifier = 0xC0000202;

    private readonly Socket _socket;

    public ScriptedConnection(Socket socket) => _socket = socket;

    /// <summary>A well-formed OPEN from <see cref="PeerAsn"/>: IPv4 and IPv6 unicast, 4-octet AS, route refresh.</summary>
    public static byte[] Open(uint asn = PeerAsn, ushort holdSeconds = 90, uint identifier = PeerIdentifier)
    {
        var capabilities = new BgpCapabilities
        {
            Families = [BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast],
            RouteRefresh = true,
        };
        var buffer = new byte[BgpMessageReader.MaxMessageLength];
        var n = BgpOpenCodec.Write(buffer, BgpOpenMessage.Create(asn, holdSeconds, identifier, capabilities));
        return buffer[..n];
    }

    /// <summary>A message with a correct header around <paramref name="body"/>.</summary>
    public static byte[] Message(BgpMessageType type, params byte[] body)
    {
        var message = new byte[BgpMessageReader.HeaderLength + body.Length];
        BgpMessageReader.WriteHeader(message, message.Length, type);
        body.CopyTo(message, BgpMessageReader.HeaderLength);
        return message;
    }

    public async Task SendAsync(params byte[][] messages)
    {
        foreach (var message in messages)
        {
            await _socket.SendAsync(message);
        }
    }

    /// <summary>The next message, or null once the speaker has closed the connection.</summary>
    public async Task<(BgpMessageType Type, byte[] Body)?> ReceiveAsync(int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var header = new byte[BgpMessageReader.HeaderLength];
        if (!await FillAsync(header, timeout.Token))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16)) - header.Length];
        return await FillAsync(body, timeout.Token) ? ((BgpMessageType)header[18], body) : null;
    }

    /// <summary>Reads messages until one of <paramref name="type"/> that <paramref name="match"/> accepts arrives.</summary>
    public async Task<byte[]> ReceiveUntilAsync(BgpMessageType type, Func<byte[], bool>? match = null)
    {
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new InvalidOperationException($"speaker closed the connection before a matching {type}");
            if (message.Type == type && (match is null || match(message.Body)))
            {
                return message.Body;
            }
        }
    }

    /// <summary>Reads the speaker's OPEN, answers with a good OPEN and KEEPALIVE, and waits for its KEEPALIVE.</summary>
    public async Task<BgpOpenMessage> EstablishAsync(uint identifier = PeerIdentifier)
    {
        var open = BgpOpenCodec.Parse(await ReceiveUntilAsync(BgpMessageType.Open));
        await SendAsync(Open(identifier: identifier), Message(BgpMessageType.Keepalive));
        await ReceiveUntilAsync(BgpMessageType.Keepalive);
        return open;
    }

    /// <summary>Reads until the UPDATE that announces <see cref="ScriptedPeer.ServiceAddress"/>.</summary>
    public Task<byte[]> ReceiveServiceRouteAsync()
        => ReceiveUntilAsync(BgpMessageType.Update, static body => BgpUpdateReader.Parse(body, fourOctetAs: true, isInternal: false)
            .Announced.Contains(BgpPrefix.Parse(ScriptedPeer.ServiceAddress + "/32")));

    public void Dispose() => _socket.Dispose();

    private async Task<bool> FillAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(destination, cancellationToken);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            destination = destination[n..];
        }

        return true;
    }
}
