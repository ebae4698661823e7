using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>One TCP connection to the peer: the socket and its pipes.</summary>
internal sealed class BgpConnection : IAsyncDisposable
{
    private int _disposed;

    public BgpConnection(Socket socket, bool incoming)
    {
        Socket = socket;
        Incoming = incoming;
        var stream = new NetworkStream(socket, ownsSocket: true);
        Reader = PipeReader.Create(stream);
        Writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024));
        LocalAddress = ((IPEndPoint)socket.LocalEndPoint!).Address;
        RemoteAddress = ((IPEndPoint)socket.RemoteEndPoint!).Address;
    }

    public Socket Socket { get; }

    public bool Incoming { get; }

    public PipeReader Reader { get; }

    public PipeWriter Writer { get; }

    public IPAddress LocalAddress { get; }

    public IPAddress RemoteAddress { get; }

    public CancellationTokenSource Closed { get; } = new();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Closed.CancelAsync();
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        Socket.Dispose();
        try
        {
            // Completing flushes what a failed write left in the pipe; on a closed socket those bytes are dropped.
            await Writer.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }

        await Reader.CompleteAsync();
        Closed.Dispose();
    }
}
