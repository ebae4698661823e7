using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Ingot.Bench.Bgp;
using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Metrics;
using Ingot.Plugins.Bgp.Transport;
using Ingot.Plugins.Bgp.Interop.Tests;
using Microsoft.Extensions.Logging.Abstractions;

// Time from session Established until a GoBGP receiver holds all N IPv4 /32s: Ingot's speaker vs a GoBGP sender, same
// receiver, same run. Nothing is polled: Established is the sender's first KEEPALIVE on the connection that carries its
// UPDATEs, from a capture of the receiver's interface; "holds all" is the receiver's best-path event stream (gRPC
// WatchEvent) reaching N prefixes. Prefixes
// come from 198.18.0.0/15 (RFC 2544 benchmarking range: 131072 addresses; the documentation ranges hold only 768).
// Everything runs in namespaces made here. Usage: [--runs R] N [N ...]; every run is printed, then the medians.
var runs = 5;
var sizes = new List<int>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--runs")
    {
        runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else
    {
        sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
    }
}

if (sizes.Count == 0)
{
    sizes.AddRange([10_000, 100_000]);
}

Console.WriteLine(RunResult.CsvHeader);
var medians = new List<string>();
foreach (var n in sizes)
{
    var results = new List<RunResult>();
    for (var run = 1; run <= runs; run++)
    {
        var r = await Bench.RunAsync(n);
        results.Add(r);
        Console.WriteLine(r.ToCsv(run.ToString(CultureInfo.InvariantCulture)));
    }

    medians.Add(RunResult.MedianCsv(results));
}

foreach (var line in medians)
{
    Console.WriteLine(line);
}

internal static class Bench
{
    private const string SenderV4 = "192.0.2.3";
    private const uint IngotAs = 64512;
    private const uint GoBgpSenderAs = 64513;
    private const int ApiPort = 50051;

    /// <summary>
    /// One run: Ingot's speaker, then a GoBGP sender, each to a fresh GoBGP receiver (a receiver that has held and dropped
    /// a table is faster the second time: its maps keep their size), timed from one capture of the receiver's link.
    /// </summary>
    public static async Task<RunResult> RunAsync(int n)
    {
        await using var lab = await NetNsLab.CreateAsync();
        var dir = Directory.CreateTempSubdirectory("ingot-bgp-bench-").FullName;
        try
        {
            await ExternalProcess.RunAsync("ip", "-n", lab.Speaker, "addr", "add", SenderV4 + "/24", "dev", "v" + lab.Speaker[^10..]);
            using var capture = new WireCapture(lab.Router, "v" + lab.Router[^10..], dir);
            await capture.Listening;
            var (ingotStart, ingotDone, peakMb, retainedMb) = await MeasureIngotAsync(lab, dir, n);
            var (gobgpStart, gobgpDone) = await MeasureGoBgpAsync(lab, dir, n);
            var wire = await capture.StopAsync();
            if (Environment.GetEnvironmentVariable("BGP_BENCH_TRACE") == "1")
            {
                Trace(wire);
            }

            return new RunResult(
                n,
                SessionTimeline.Of(wire, IPAddress.Parse(NetNsLab.SpeakerV4), ingotStart, ingotDone, n),
                SessionTimeline.Of(wire, IPAddress.Parse(SenderV4), gobgpStart, gobgpDone, n),
                peakMb,
                retainedMb);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Ingot's speaker (its sockets in the speaker namespace) announces N /32s. Returns start and done (Unix ms), the
    /// process's peak working set and the managed memory the established session held (MB).
    /// </summary>
    private static async Task<(double Start, double Done, double PeakMb, double RetainedMb)> MeasureIngotAsync(NetNsLab lab, string dir, int n)
    {
        var desired = Enumerable.Range(0, n).ToImmutableDictionary(i => new BgpPrefix(false, 32, 0xC6120000u + (uint)i), _ => RouteEntry.Empty);
        var (receiver, rib) = await StartReceiverAsync(lab, dir, NetNsLab.SpeakerV4, IngotAs);
        try
        {
            var config = new BgpSessionConfig
            {
                PeerName = "receiver",
                PeerAddress = IPAddress.Parse(NetNsLab.RouterV4),
                SourceAddress = IPAddress.Parse(NetNsLab.SpeakerV4),
                LocalAsn = IngotAs,
                PeerAsn = 65001,
                NodeName = "bench",
            };
            using var metrics = new BgpMetrics();
            BgpSession? session = new BgpSession(config, TimeProvider.System, NullLogger.Instance, metrics, lab);
            GC.Collect();
            var start = UnixMs();
            session.SetDesired(desired);
            session.Start();
            var done = await rib.WhenCountAsync(n, TimeSpan.FromMinutes(2));
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            var withSession = GC.GetTotalMemory(forceFullCollection: true);
            await session.ShutdownAsync("bench done", withdraw: true, CancellationToken.None);
            await session.DisposeAsync();
            await rib.WhenCountAsync(0, TimeSpan.FromMinutes(2));
            session = null;

            // What the live session held: the managed heap with it, less the heap once it is gone (the desired table,
            // the harness and the watch's set stay in both).
            var retainedMb = (withSession - GC.GetTotalMemory(forceFullCollection: true)) / 1048576.0;
            return (start, done, peakMb, retainedMb);
        }
        finally
        {
            await rib.DisposeAsync();
            ExternalProcess.Kill(receiver);
        }
    }

    /// <summary>A gobgpd loaded with the same N /32s (from MRT) before its receiver exists; returns start and done (Unix ms).</summary>
    private static async Task<(double Start, double Done)> MeasureGoBgpAsync(NetNsLab lab, string dir, int n)
    {
        File.WriteAllText(Path.Combine(dir, "sender.toml"), $$"""
            [global.config]
              as = {{GoBgpSenderAs}}
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
        var mrt = Path.Combine(dir, "prefixes.mrt");
        WriteMrt(mrt, n);
        var sender = ExternalProcess.Start("ip", "netns", "exec", lab.Speaker, "gobgpd", "-f", Path.Combine(dir, "sender.toml"), "--api-hosts", "127.0.0.1:50052", "-l", "warn");
        try
        {
            await ExternalProcess.EventuallyAsync(async () => (await Gobgp(lab.Speaker, "127.0.0.1", 50052, "global", "-j")).Exit, e => e == 0, "sender API", 30);

            // gobgp's mrt inject can lose the tail of its stream when the CLI exits; re-inject (same paths) until all are in.
            for (var attempt = 0; attempt < 20 && await SenderRibCountAsync(lab.Speaker) < n; attempt++)
            {
                var inject = await Gobgp(lab.Speaker, "127.0.0.1", 50052, "mrt", "inject", "global", mrt);
                if (inject.Exit != 0)
                {
                    throw new InvalidOperationException("mrt inject: " + inject.Output);
                }

                await Task.Delay(500);
            }

            await ExternalProcess.EventuallyAsync(() => SenderRibCountAsync(lab.Speaker), c => c == n, "sender loaded", 60);

            // The sender retries its connection every second; the receiver it finds is fresh.
            var start = UnixMs();
            var (receiver, rib) = await StartReceiverAsync(lab, dir, SenderV4, GoBgpSenderAs);
            try
            {
                return (start, await rib.WhenCountAsync(n, TimeSpan.FromMinutes(2)));
            }
            finally
            {
                await rib.DisposeAsync();
                ExternalProcess.Kill(receiver);
            }
        }
        finally
        {
            ExternalProcess.Kill(sender);
        }
    }

    /// <summary>Starts a gobgpd receiver (AS 65001) with one passive neighbor and follows its RIB.</summary>
    private static async Task<(Process Receiver, GobgpRibWatch Rib)> StartReceiverAsync(NetNsLab lab, string dir, string neighbor, uint peerAs)
    {
        var file = Path.Combine(dir, "receiver.toml");
        File.WriteAllText(file, $$"""
            [global.config]
              as = 65001
              router-id = "{{NetNsLab.RouterV4}}"
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "{{neighbor}}"
                peer-as = {{peerAs}}
              [neighbors.transport.config]
                passive-mode = true
            """);

        // The API listens on the receiver's veth address, so the watch reaches it from the speaker namespace.
        var receiver = ExternalProcess.Start("ip", "netns", "exec", lab.Router, "gobgpd", "-f", file, "--api-hosts", $"{NetNsLab.RouterV4}:{ApiPort}", "-l", "warn");
        GobgpRibWatch? rib = null;
        try
        {
            await ExternalProcess.EventuallyAsync(async () => (await Gobgp(lab.Router, NetNsLab.RouterV4, ApiPort, "global", "-j")).Exit, e => e == 0, "receiver API", 30);
            rib = new GobgpRibWatch(lab, new IPEndPoint(IPAddress.Parse(NetNsLab.RouterV4), ApiPort));

            // The watch is live once it sees a route come and go (a local one, in the receiver's RIB only); the
            // subscription is registered asynchronously, so a route added before it may go unseen: try again.
            for (var attempt = 1; ; attempt++)
            {
                await Gobgp(lab.Router, NetNsLab.RouterV4, ApiPort, "global", "rib", "add", "198.51.100.1/32", "-a", "ipv4");
                try
                {
                    await rib.WhenCountAsync(1, TimeSpan.FromSeconds(1));
                    break;
                }
                catch (TimeoutException) when (attempt < 30)
                {
                    await Gobgp(lab.Router, NetNsLab.RouterV4, ApiPort, "global", "rib", "del", "198.51.100.1/32", "-a", "ipv4");
                }
            }

            await Gobgp(lab.Router, NetNsLab.RouterV4, ApiPort, "global", "rib", "del", "198.51.100.1/32", "-a", "ipv4");
            await rib.WhenCountAsync(0, TimeSpan.FromSeconds(30));
            return (receiver, rib);
        }
        catch
        {
            if (rib is not null)
            {
                await rib.DisposeAsync();
            }

            ExternalProcess.Kill(receiver);
            throw;
        }
    }

    /// <summary>BGP_BENCH_TRACE=1: every message but the bulk of the UPDATEs (the first and last of each run stay), relative times.</summary>
    private static void Trace(IReadOnlyList<WireMessage> wire)
    {
        for (var i = 0; i < wire.Count; i++)
        {
            var m = wire[i];
            var bulk = m.Type == 2 && i > 0 && i < wire.Count - 1 && wire[i - 1] is { Type: 2 } before && before.Source.Equals(m.Source) && wire[i + 1] is { Type: 2 } after && after.Source.Equals(m.Source);
            if (!bulk)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.UnixMs - wire[0].UnixMs,10:F3} ms {m.Source}:{m.SourcePort} > {m.Destination} type {m.Type} length {m.Length}"));
            }
        }
    }

    private static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static async Task<long> SenderRibCountAsync(string ns)
    {
        var (_, output) = await Gobgp(ns, "127.0.0.1", 50052, "global", "rib", "summary", "-a", "ipv4");
        var i = output.IndexOf("Destination:", StringComparison.Ordinal);
        if (i < 0)
        {
            return -1;
        }

        var digits = new string(output[(i + 12)..].TrimStart().TakeWhile(char.IsDigit).ToArray());
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static Task<(int Exit, string Output)> Gobgp(string ns, string host, int port, params string[] args)
        => ExternalProcess.RunAsync("ip", ["netns", "exec", ns, "gobgp", "-u", host, "-p", port.ToString(CultureInfo.InvariantCulture), .. args]);

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
