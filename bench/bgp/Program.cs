using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Ingot.Bench.Bgp;
using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Transport;
using Ingot.Plugins.Bgp.Interop.Tests;
using Microsoft.Extensions.Logging.Abstractions;

// Time from session Established until a GoBGP receiver holds all N IPv4 /32s: Ingot's speaker vs a GoBGP sender, same
// receiver, same run, both measured by polling the receiver. Prefixes come from 198.18.0.0/15 (RFC 2544 benchmarking
// range: 131072 addresses; the documentation ranges hold only 768). Everything runs in namespaces made here.
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
Console.WriteLine("size,ingot_ms,gobgp_ms,ratio,ingot_prefixes_per_update,gobgp_prefixes_per_update,ingot_peak_working_set_mb,ingot_rib_fill_ms,gobgp_rib_fill_ms,rib_fill_ratio,ingot_established_to_all_ms,gobgp_established_to_all_ms,established_to_all_ratio");
foreach (var n in sizes)
{
    var r = await Bench.RunAsync(n);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n},{r.IngotMs:F0},{r.GoBgpMs:F0},{r.IngotMs / r.GoBgpMs:F2},{r.IngotPerUpdate:F0},{r.GoBgpPerUpdate:F0},{r.PeakMb:F0},{r.IngotFillMs:F1},{r.GoBgpFillMs:F1},{r.IngotFillMs / r.GoBgpFillMs:F2},{r.IngotWireMs:F1},{r.GoBgpWireMs:F1},{r.IngotWireMs / r.GoBgpWireMs:F2}"));
}

internal static class Bench
{
    private const string SenderV4 = "192.0.2.3";

    /// <summary>BGP_BENCH_RIB_STREAM=1 follows the receiver's RIB stream (precise completion, but it slows the receiver).</summary>
    private static readonly bool RibStream = Environment.GetEnvironmentVariable("BGP_BENCH_RIB_STREAM") == "1";

    public static async Task<(double IngotMs, double GoBgpMs, double IngotPerUpdate, double GoBgpPerUpdate, double PeakMb, double IngotFillMs, double GoBgpFillMs, double IngotWireMs, double GoBgpWireMs)> RunAsync(int n)
    {
        await using var lab = await NetNsLab.CreateAsync();
        var dir = Directory.CreateTempSubdirectory("ingot-bgp-bench-").FullName;
        Process? receiver = null;
        Process? sender = null;
        try
        {
            await ExternalProcess.RunAsync("ip", "-n", lab.Speaker, "addr", "add", SenderV4 + "/24", "dev", "v" + lab.Speaker[^10..]);
            File.WriteAllText(Path.Combine(dir, "receiver.toml"), $$"""
                [global.config]
                  as = 65001
                  router-id = "{{NetNsLab.RouterV4}}"
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "{{NetNsLab.SpeakerV4}}"
                    peer-as = 64512
                  [neighbors.transport.config]
                    passive-mode = true
                """);
            File.WriteAllText(Path.Combine(dir, "sender.toml"), $$"""
                [global.config]
                  as = 64513
                  router-id = "{{SenderV4}}"
                  port = -1
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "{{NetNsLab.RouterV4}}"
                    peer-as = 65001
                  [neighbors.transport.config]
                    local-address = "{{SenderV4}}"
                  [neighbors.timers.config]
                    connect-retry = 1
                """);
            receiver = ExternalProcess.Start("ip", "netns", "exec", lab.Router, "gobgpd", "-f", Path.Combine(dir, "receiver.toml"), "--api-hosts", "127.0.0.1:50051", "-l", "warn");
            await ExternalProcess.EventuallyAsync(async () => (await Gobgp(lab.Router, 50051, "global", "-j")).Exit, e => e == 0, "receiver API", 30);

            Console.Error.WriteLine("receiver up");
            // 1. Ingot's speaker, in the speaker namespace.
            var desired = Enumerable.Range(0, n).ToImmutableDictionary(i => new BgpPrefix(false, 32, 0xC6120000u + (uint)i), _ => RouteEntry.Empty);
            var config = new BgpSessionConfig
            {
                PeerName = "receiver",
                PeerAddress = IPAddress.Parse(NetNsLab.RouterV4),
                SourceAddress = IPAddress.Parse(NetNsLab.SpeakerV4),
                LocalAsn = 64512,
                PeerAsn = 65001,
                NodeName = "bench",
            };
            using var metrics = new BgpMetrics();
            var session = new BgpSession(config, TimeProvider.System, NullLogger.Instance, metrics, lab);
            GC.Collect();
            session.SetDesired(desired);
            var device = "v" + lab.Router[^10..];
            using var ingotWire = new WireWatch(lab.Router, device, NetNsLab.SpeakerV4);
            using var ingotStream = RibStream ? new StreamWatch(lab.Router, 50051, n) : null;
            await Task.Delay(300); // the monitor subscribes before the session can start
            session.Start();
            Console.Error.WriteLine("ingot session started");
            var ingot = await MeasureAsync(lab.Router, NetNsLab.SpeakerV4, n);
            var ingotStreamMs = ingotStream is null ? double.NaN : await ingotStream.FillTimeAsync();
            var ingotWireMs = ingotStream is null ? ingot.DoneUnixMs - await ingotWire.Established : await ingotStream.SinceAsync(ingotWire.Established);
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            await session.ShutdownAsync("bench done", withdraw: true, CancellationToken.None);
            Console.Error.WriteLine("shutdown done");
            await session.DisposeAsync();
            Console.Error.WriteLine("disposed");
            await ExternalProcess.EventuallyAsync(() => RibCountAsync(lab.Router), c => c == 0, "receiver empty again", 120);

            Console.Error.WriteLine($"ingot {ingot.Ms} ms");
            // 2. GoBGP as the sender of the same prefixes: loaded from MRT before its session to the receiver exists.
            var mrt = Path.Combine(dir, "prefixes.mrt");
            WriteMrt(mrt, n);
            sender = ExternalProcess.Start("ip", "netns", "exec", lab.Speaker, "gobgpd", "-f", Path.Combine(dir, "sender.toml"), "--api-hosts", "127.0.0.1:50052", "-l", "warn");
            await ExternalProcess.EventuallyAsync(async () => (await Gobgp(lab.Speaker, 50052, "global", "-j")).Exit, e => e == 0, "sender API", 30);
            // gobgp's mrt inject can lose the tail of its stream when the CLI exits; re-inject (same paths) until all are in.
            for (var attempt = 0; attempt < 20 && await RibCountAsync(lab.Speaker, 50052) < n; attempt++)
            {
                var inject = await Gobgp(lab.Speaker, 50052, "mrt", "inject", "global", mrt);
                if (inject.Exit != 0)
                {
                    throw new InvalidOperationException("mrt inject: " + inject.Output);
                }

                Console.Error.WriteLine($"inject attempt {attempt}: {await RibCountAsync(lab.Speaker, 50052)}");
                await Task.Delay(500);
            }

            await ExternalProcess.EventuallyAsync(() => RibCountAsync(lab.Speaker, 50052), c => c == n, "sender loaded", 60);
            Console.Error.WriteLine("sender loaded");
            using var gobgpWire = new WireWatch(lab.Router, device, SenderV4);
            using var gobgpStream = RibStream ? new StreamWatch(lab.Router, 50051, n) : null;
            await Task.Delay(300);
            await Gobgp(lab.Router, 50051, "neighbor", "add", SenderV4, "as", "64513");
            var gobgp = await MeasureAsync(lab.Router, SenderV4, n);
            var gobgpStreamMs = gobgpStream is null ? double.NaN : await gobgpStream.FillTimeAsync();
            var gobgpWireMs = gobgpStream is null ? gobgp.DoneUnixMs - await gobgpWire.Established : await gobgpStream.SinceAsync(gobgpWire.Established);
            return (ingot.Ms, gobgp.Ms, ingot.PerUpdate, gobgp.PerUpdate, peakMb, ingotStreamMs, gobgpStreamMs, ingotWireMs, gobgpWireMs);
        }
        finally
        {
            ExternalProcess.Kill(sender);
            ExternalProcess.Kill(receiver);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Polls the receiver for one neighbor: Established → all N accepted. Returns ms and prefixes per UPDATE.</summary>
    private static async Task<(double Ms, double PerUpdate, double DoneUnixMs)> MeasureAsync(string ns, string neighbor, int n)
    {
        var clock = Stopwatch.StartNew();
        double? established = null;
        var deadline = TimeSpan.FromMinutes(2);
        while (clock.Elapsed < deadline)
        {
            var (_, output) = await Gobgp(ns, 50051, "neighbor", neighbor, "-j");
            var now = clock.Elapsed.TotalMilliseconds;
            if (output.TrimStart().StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(output);
                var state = doc.RootElement.GetProperty("state");
                var up = state.GetProperty("session_state").GetInt32() == 6;
                if (up && established is null)
                {
                    established = now;
                }

                var accepted = 0L;
                if (doc.RootElement.TryGetProperty("afi_safis", out var families))
                {
                    foreach (var f in families.EnumerateArray())
                    {
                        if (f.GetProperty("state").TryGetProperty("accepted", out var acc))
                        {
                            accepted += acc.GetInt64();
                        }
                    }
                }

                if (established is { } t0 && accepted >= n)
                {
                    var received = state.GetProperty("messages").GetProperty("received");
                    var updates = received.TryGetProperty("update", out var u) ? u.GetInt64() : 0;

                    // End-of-RIB markers are UPDATEs too (Ingot sends one; GoBGP sends one per family it negotiated).
                    return (now - t0, n / (double)Math.Max(1, updates - 1), (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds);
                }
            }
        }

        throw new TimeoutException($"receiver never held {n} prefixes from {neighbor}");
    }

    private static async Task<long> RibCountAsync(string ns, int port = 50051)
    {
        var (_, output) = await Gobgp(ns, port, "global", "rib", "summary", "-a", "ipv4");
        var i = output.IndexOf("Destination:", StringComparison.Ordinal);
        if (i < 0)
        {
            return -1;
        }

        var digits = new string(output[(i + 12)..].TrimStart().TakeWhile(char.IsDigit).ToArray());
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static Task<(int Exit, string Output)> Gobgp(string ns, int port, params string[] args)
        => ExternalProcess.RunAsync("ip", ["netns", "exec", ns, "gobgp", "-u", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. args]);

    /// <summary>MRT TABLE_DUMP_V2 (RFC 6396 §4.3): a PEER_INDEX_TABLE, then one RIB_IPV4_UNICAST record per /32.</summary>
    private static void WriteMrt(string path, int n)
    {
        using var file = File.Create(path);
        Span<byte> buffer = stackalloc byte[256];

        // PEER_INDEX_TABLE: collector id, empty view name, one peer (type 2 = AS4, IPv4).
        var body = buffer[12..];
        WriteIPv4(body, SenderV4);
        BinaryPrimitives.WriteUInt16BigEndian(body[4..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(body[6..], 1);
        body[8] = 2;
        WriteIPv4(body[9..], SenderV4);
        WriteIPv4(body[13..], SenderV4);
        BinaryPrimitives.WriteUInt32BigEndian(body[17..], 64513);
        WriteRecord(file, buffer, 1, 21);

        // Attributes: ORIGIN IGP, empty AS_PATH (the sender prepends its AS), NEXT_HOP.
        ReadOnlySpan<byte> attributes = [0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, 192, 0, 2, 3];
        // The tail repeats earlier prefixes: gobgp's inject stream loses its last records, so what it loses is padding.
        var padding = Math.Max(4000, n / 2);
        for (var k = 0; k < n + padding; k++)
        {
            var i = k % n;
            BinaryPrimitives.WriteUInt32BigEndian(body, (uint)k);
            body[4] = 32;
            BinaryPrimitives.WriteUInt32BigEndian(body[5..], 0xC6120000u + (uint)i);
            BinaryPrimitives.WriteUInt16BigEndian(body[9..], 1);
            BinaryPrimitives.WriteUInt16BigEndian(body[11..], 0);
            BinaryPrimitives.WriteUInt32BigEndian(body[13..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(body[17..], (ushort)attributes.Length);
            attributes.CopyTo(body[19..]);
            WriteRecord(file, buffer, 2, 19 + attributes.Length);
        }
    }

    private static void WriteRecord(FileStream file, Span<byte> buffer, ushort subtype, int length)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[4..], 13);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[6..], subtype);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], (uint)length);
        file.Write(buffer[..(12 + length)]);
    }

    private static void WriteIPv4(Span<byte> destination, string address) => IPAddress.Parse(address).TryWriteBytes(destination, out _);
}
