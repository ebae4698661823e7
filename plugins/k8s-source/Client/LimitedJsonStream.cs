using System.Buffers;

namespace Ingot.Plugins.K8sSource.Client;

/// <summary>
/// A read-only view of a response body that throws <see cref="ApiResponseLimitException"/> as soon as the bytes read so far
/// pass a size or nesting limit, before any parser sees them. It tracks nesting with a three-field state machine (depth, in a
/// string, after a backslash), so it never recurses and never buffers; the parser that reads the bytes afterwards still checks
/// the syntax. In <c>lines</c> mode (a watch) the size limit applies to each newline-terminated event, since a watch stream
/// as a whole may run for minutes.
/// </summary>
internal sealed class LimitedJsonStream : Stream
{
    private static readonly SearchValues<byte> s_structural = SearchValues.Create("\"{}[]\n"u8);
    private static readonly SearchValues<byte> s_inString = SearchValues.Create("\"\\"u8);

    private readonly Stream _inner;
    private readonly string _request;
    private readonly long _maxBytes;
    private readonly int _maxDepth;
    private readonly bool _lines;
    private long _count;
    private int _depth;
    private bool _inString;
    private bool _escaped;

    public LimitedJsonStream(Stream inner, string request, long maxBytes, int maxDepth, bool lines)
    {
        _inner = inner;
        _request = request;
        _maxBytes = maxBytes;
        _maxDepth = maxDepth;
        _lines = lines;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        Check(buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Check(buffer.Span[..n]);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Check(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                    Count(1);
                    data = data[1..];
                    continue;
                }

                var i = data.IndexOfAny(s_inString);
                if (i < 0)
                {
                    Count(data.Length);
                    return;
                }

                Count(i + 1);
                if (data[i] == (byte)'\\')
                {
                    _escaped = true;
                }
                else
                {
                    _inString = false;
                }

                data = data[(i + 1)..];
                continue;
            }

            var j = data.IndexOfAny(s_structural);
            if (j < 0)
            {
                Count(data.Length);
                return;
            }

            Count(j + 1);
            switch (data[j])
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    if (++_depth > _maxDepth)
                    {
                        throw new ApiResponseLimitException(_request, $"the nesting limit of {_maxDepth} levels");
                    }

                    break;
                case (byte)'}' or (byte)']':
                    _depth = Math.Max(0, _depth - 1);
                    break;
                default:
                    // A newline outside a string ends a watch event: JSON strings cannot hold a raw newline.
                    if (_lines)
                    {
                        _count = 0;
                        _depth = 0;
                    }

                    break;
            }

            data = data[(j + 1)..];
        }
    }

    private void Count(int bytes)
    {
        _count += bytes;
        if (_count > _maxBytes)
        {
            throw new ApiResponseLimitException(_request, _lines
                ? $"the size limit of {Size(_maxBytes)} for one watch event"
                : $"the size limit of {Size(_maxBytes)}");
        }
    }

    internal static string Size(long bytes) => bytes >= 1 << 20 && bytes % (1 << 20) == 0
        ? $"{bytes >> 20} MiB"
        : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? $"{bytes >> 10} KiB" : $"{bytes} bytes";
}
