using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;

namespace Ingot.Bench.Bgp;

/// <summary>
/// Captures BGP on the receiver's interface into a file (<c>tcpdump -w</c>: no decoding while the benchmark runs, so the
/// observer costs next to nothing) and, once stopped, reads back when each sender's messages crossed the wire, on the
/// kernel's capture clock (Unix time).
/// </summary>
internal sealed class WireCapture : IDisposable
{
    private static readonly byte[] s_marker = [.. Enumerable.Repeat((byte)0xFF, 16)];
    private readonly Process _process;
    private readonly string _file;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WireCapture(string ns, string device, string directory)
    {
        _file = Path.Combine(directory, $"bgp-{Guid.NewGuid():N}.pcap");
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", ns, "tcpdump", "-i", device, "-nn", "-w", _file, "-B", "16384", "--immediate-mode", "--time-stamp-precision=nano", "tcp port 179" })
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                _listening.TrySetResult();
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Completes once tcpdump says it is capturing (a connection whose SYN it missed could not be read back).</summary>
    public Task Listening => _listening.Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Stops the capture (SIGINT, so tcpdump flushes its file) and returns every BGP message in it.</summary>
    public async Task<IReadOnlyList<WireMessage>> StopAsync()
    {
        // Immediate mode hands each packet to tcpdump as it comes; a moment more lets it write the last ones.
        await Task.Delay(200);
        // `ip netns exec` execs tcpdump, so the process we started is tcpdump itself.
        using (var stop = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await stop.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
        return Read(File.ReadAllBytes(_file));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        File.Delete(_file);
    }

    /// <summary>
    /// Reads a pcap file of Ethernet frames (libpcap format, nanosecond or microsecond stamps), reassembles each TCP
    /// direction by sequence number and splits it into BGP messages (RFC 4271 §4.1 header: marker, length, type).
    /// </summary>
    internal static List<WireMessage> Read(ReadOnlySpan<byte> pcap)
    {
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(pcap);
        var divisor = magic switch
        {
            0xA1B2C3D4 => 1_000.0,
            0xA1B23C4D => 1_000_000.0,
            _ => throw new InvalidDataException($"not a little-endian pcap file (magic 0x{magic:X8})"),
        };

        var streams = new Dictionary<(IPAddress, int, IPAddress, int), (uint Next, List<byte> Pending)>();
        var messages = new List<WireMessage>();
        var p = 24;
        while (p + 16 <= pcap.Length)
        {
            var seconds = BinaryPrimitives.ReadUInt32LittleEndian(pcap[p..]);
            var fraction = BinaryPrimitives.ReadUInt32LittleEndian(pcap[(p + 4)..]);
            var captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap[(p + 8)..]);
            var frame = pcap.Slice(p + 16, captured);
            p += 16 + captured;
            var unixMs = (seconds * 1000.0) + (fraction / divisor);

            // Ethernet II carrying IPv4 carrying TCP; anything else is not ours.
            if (frame.Length < 14 + 20 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800)
            {
                continue;
            }

            var ip = frame[14..];
            var ipHeader = (ip[0] & 0x0F) * 4;
            var ipLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            if (ip[9] != 6 || ipLength > ip.Length)
            {
                continue;
            }

            var tcp = ip[ipHeader..ipLength];
            var payload = tcp[((tcp[12] >> 4) * 4)..];
            var key = (new IPAddress(ip.Slice(12, 4)), (int)BinaryPrimitives.ReadUInt16BigEndian(tcp), new IPAddress(ip.Slice(16, 4)), (int)BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]));
            var seq = BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]);
            var syn = (tcp[13] & 0x02) != 0;
            if (syn)
            {
                streams[key] = (seq + 1, []);
                continue;
            }

            if (payload.IsEmpty || !streams.TryGetValue(key, out var stream))
            {
                continue;
            }

            // Keep only bytes past what the stream already holds (a retransmission overlaps). After a gap (a packet the
            // capture dropped) pick the stream up again at the next BGP marker: 16 octets of ones begin every message.
            var skip = (int)(stream.Next - seq);
            if (skip < 0)
            {
                stream.Pending.Clear();
                skip = payload.IndexOf(s_marker);
                if (skip < 0)
                {
                    streams[key] = (seq + (uint)payload.Length, stream.Pending);
                    continue;
                }
            }

            if (skip >= payload.Length)
            {
                continue;
            }

            stream.Pending.AddRange(payload[skip..]);
            stream.Next = seq + (uint)payload.Length;
            var pending = stream.Pending;
            var consumed = 0;
            while (pending.Count - consumed >= 19)
            {
                var length = (pending[consumed + 16] << 8) | pending[consumed + 17];
                if (length < 19 || pending.Count - consumed < length)
                {
                    break;
                }

                messages.Add(new WireMessage(unixMs, key.Item1, key.Item2, key.Item3, pending[consumed + 18], length));
                consumed += length;
            }

            pending.RemoveRange(0, consumed);
            streams[key] = stream;
        }

        return messages;
    }
}
