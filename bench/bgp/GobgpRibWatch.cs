using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Ingot.Plugins.Bgp.Transport;

namespace Ingot.Bench.Bgp;

/// <summary>
/// Follows a gobgpd's best-path events over its gRPC API (<c>WatchEvent</c>, one HTTP/2 stream) and notes, on the Unix
/// clock, when its RIB first holds a given number of prefixes. The receiver pushes each batch of paths as its main loop
/// installs them, so nothing is polled: a GetTable poll would cost it a walk of the whole table (30 ms at 100,000 routes)
/// on the same loop that processes the UPDATEs being measured.
/// </summary>
/// <remarks>
/// Hand-decoded protobuf for the one call (gobgp 3.x, package apipb): WatchEventRequest { Table table = 2 { repeated
/// Filter filters = 1 { Type type = 1 (BEST = 0); bool init = 2 } } } → stream of WatchEventResponse { TableEvent table =
/// 3 { repeated Path paths = 2 { Any nlri = 1 { bytes value = 2: IPAddressPrefix { uint32 prefix_len = 1; string prefix =
/// 2 } }; …; bool is_withdraw = 5 } } }. Prefixes are kept as numbers, not strings: the watch's own memory stays put while
/// the benchmark weighs the speaker's.
/// </remarks>
internal sealed class GobgpRibWatch : IAsyncDisposable
{
    // table { filters { } }: best paths, without the table's current content.
    private static readonly byte[] s_request = [0, 0, 0, 0, 4, 0x12, 0x02, 0x0A, 0x00];
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<ulong> _held = [];
    private readonly Lock _lock = new();
    private readonly Task _reader;
    private (int Count, TaskCompletionSource<double> Reached)? _target;
    private Exception? _failure;

    /// <param name="scope">Where the connecting socket is made (the API listens on an address reachable from there).</param>
    /// <param name="api">The gobgpd API's address and port.</param>
    public GobgpRibWatch(INetworkScope scope, IPEndPoint api)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = scope.Run(() => new Socket(api.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
                await socket.ConnectAsync(api, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _reader = Task.Run(() => FollowAsync(new Uri($"http://{api}/apipb.GobgpApi/WatchEvent")));
    }

    /// <summary>Prefixes the receiver's RIB holds, as far as the events so far tell.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>The Unix ms at which the RIB held exactly <paramref name="count"/> prefixes (now, if it does already).</summary>
    public Task<double> WhenCountAsync(int count, TimeSpan timeout)
    {
        lock (_lock)
        {
            var reached = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_held.Count == count)
            {
                reached.SetResult(UnixMs());
            }
            else if (_failure is not null)
            {
                reached.SetException(_failure);
            }
            else
            {
                _target = (count, reached);
            }

            return reached.Task.WaitAsync(timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _client.Dispose();
        _stop.Dispose();
    }

    private static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private async Task FollowAsync(Uri uri)
    {
        try
        {
            await ReadAsync(uri);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Our own cancellation ends the stream.
        }
        catch (Exception e)
        {
            // A broken stream fails whoever waits, rather than leaving them to time out.
            lock (_lock)
            {
                _failure = e;
                _target?.Reached.TrySetException(e);
            }
        }
    }

    private async Task ReadAsync(Uri uri)
    {
        using var content = new ByteArrayContent(s_request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = content,
            Version = HttpVersion.Version20, // h2c with prior knowledge, as gRPC servers expect
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        response.EnsureSuccessStatusCode(); // gobgpd sends the headers with its first event
        await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
        var header = new byte[5];
        var message = new byte[1 << 16];
        while (true)
        {
            // gRPC framing: compressed flag (1), length (4), one protobuf message.
            await body.ReadExactlyAsync(header, _stop.Token);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
            if (message.Length < length)
            {
                message = new byte[length];
            }

            await body.ReadExactlyAsync(message.AsMemory(0, length), _stop.Token);
            Apply(message.AsSpan(0, length));
        }
    }

    private void Apply(ReadOnlySpan<byte> response)
    {
        lock (_lock)
        {
            foreach (var table in Fields(response, 3))
            {
                foreach (var path in Fields(table, 2))
                {
                    var prefix = 0UL;
                    var withdraw = false;
                    var p = 0;
                    while (p < path.Length)
                    {
                        var tag = ReadVarint(path, ref p);
                        var field = tag >> 3;
                        var value = ReadField(path, (int)(tag & 7), ref p, out var varint);
                        if (field == 1)
                        {
                            prefix = IPv4Prefix(value);
                        }
                        else if (field == 5)
                        {
                            withdraw = varint != 0;
                        }
                    }

                    if (withdraw)
                    {
                        _held.Remove(prefix);
                    }
                    else
                    {
                        _held.Add(prefix);
                    }
                }
            }

            if (_target is { } target && _held.Count == target.Count)
            {
                target.Reached.TrySetResult(UnixMs());
                _target = null;
            }
        }
    }

    /// <summary>An IPv4 prefix from a Path's nlri (Any → IPAddressPrefix) as (length &lt;&lt; 32) | address.</summary>
    private static ulong IPv4Prefix(ReadOnlySpan<byte> any)
    {
        var value = Fields(any, 2).Single();
        var length = 0UL;
        var address = 0UL;
        var p = 0;
        while (p < value.Length)
        {
            var tag = ReadVarint(value, ref p);
            var field = ReadField(value, (int)(tag & 7), ref p, out var varint);
            if (tag >> 3 == 1)
            {
                length = varint;
            }
            else if (tag >> 3 == 2)
            {
                address = BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(Encoding.ASCII.GetString(field)).GetAddressBytes());
            }
        }

        return (length << 32) | address;
    }

    /// <summary>The length-delimited values of one field number in a message.</summary>
    private static List<byte[]> Fields(ReadOnlySpan<byte> message, int number)
    {
        var found = new List<byte[]>();
        var p = 0;
        while (p < message.Length)
        {
            var tag = ReadVarint(message, ref p);
            var value = ReadField(message, (int)(tag & 7), ref p, out _);
            if (tag >> 3 == (ulong)number && (tag & 7) == 2)
            {
                found.Add(value.ToArray());
            }
        }

        return found;
    }

    private static ReadOnlySpan<byte> ReadField(ReadOnlySpan<byte> message, int wireType, ref int p, out ulong varint)
    {
        varint = 0;
        switch (wireType)
        {
            case 0:
                varint = ReadVarint(message, ref p);
                return default;
            case 1:
                p += 8;
                return default;
            case 2:
                var length = (int)ReadVarint(message, ref p);
                var value = message.Slice(p, length);
                p += length;
                return value;
            case 5:
                p += 4;
                return default;
            default:
                throw new InvalidDataException($"protobuf wire type {wireType} is not expected from gobgpd");
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> buffer, ref int p)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = buffer[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 octets");
    }
}
