using System.Net;
using System.Net.Sockets;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>
/// Accepts connections peers open to us (passive side of RFC 4271 §8) on one port for every address family, and hands
/// each to the session whose peer address it comes from; unknown sources are closed.
/// </summary>
internal sealed class BgpListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Func<IPAddress, BgpSession?> _find;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public BgpListener(IPEndPoint endPoint, Func<IPAddress, BgpSession?> find)
    {
        _find = find;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endPoint);
        _socket.Listen(64);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Installs a TCP MD5 key for a peer on the listening socket (RFC 2385: needed before its SYN arrives).</summary>
    public void SetPassword(IPAddress peer, string password) => TcpMd5.SetKey(_socket, peer, password);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var remote = ((IPEndPoint)client.RemoteEndPoint!).Address;
            if (remote.IsIPv4MappedToIPv6)
            {
                remote = remote.MapToIPv4();
            }

            if (_find(remote) is { } session)
            {
                session.AcceptIncoming(client);
            }
            else
            {
                client.Dispose();
            }
        }
    }
}
