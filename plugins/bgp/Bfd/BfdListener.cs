using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>
/// One receive socket (one family, one of the BFD ports) and its loop. The loop survives everything a datagram or the
/// socket can throw at it; only disposal ends it.
/// </summary>
internal sealed partial class BfdListener : IAsyncDisposable
{
    private static readonly TimeSpan s_errorPause = TimeSpan.FromMilliseconds(100);

    private readonly Socket _socket;
    private readonly TtlDatagramReader _reader;
    private readonly Action<ReceivedDatagram> _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private BfdListener(Socket socket, Action<ReceivedDatagram> handler, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _reader = new TtlDatagramReader(socket);
        _handler = handler;
        _time = time;
        _logger = logger;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _loop = Task.Run(RunAsync);
    }

    public int Port { get; }

    /// <summary>Binds the wildcard address of the family on the port (call inside the intended network namespace).</summary>
    public static BfdListener Open(AddressFamily family, int port, Action<ReceivedDatagram> handler, TimeProvider time, ILogger logger)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                // IPv4 has its own socket, so sources are never IPv4-mapped.
                socket.DualMode = false;
            }

            socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, port));
            return new BfdListener(socket, handler, time, logger);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The loop ends first: the reader uses the raw descriptor, and a closed number can be reused by the next socket.
        await _stopping.CancelAsync();
        await _loop;
        _socket.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _reader.WaitAsync(token);
                while (_reader.TryRead(out var datagram))
                {
                    _handler(datagram);
                }
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Whatever went wrong, the next datagram gets its chance; the pause keeps a persistent error from spinning.
                Log.ReceiveFailed(_logger, Port, e.Message);
                try
                {
                    await Task.Delay(s_errorPause, _time, token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
