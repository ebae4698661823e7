using Ingot.Plugins.L2.Membership;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Ingot.Plugins.L2;
using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Codec;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Plugins.L2.Responding;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Ingot.Bench.L2;

/// <summary>
/// <c>respond --ip A [--ip B …] [--iface eth0]</c>: answer ARP/NDP for the addresses with the plugin's speaker until
/// SIGTERM. <c>latency --iface eth0 --src 192.0.2.100 --target IP --count N</c>: one request at a time, prints the
/// round-trip times (µs) one per line. <c>rate --iface eth0 --src IP --target IP --rate R --seconds S</c>: sends at R
/// requests/s and prints <c>sent received</c>. <c>takeover</c>: see <see cref="Takeover"/>.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var mode = args.FirstOrDefault() ?? "";
        var options = Parse(args.Skip(1).ToArray());
        return mode switch
        {
            "respond" => Respond(options),
            "latency" => Latency(options),
            "rate" => Rate(options),
            "takeover" => Takeover.Run(options),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Ingot.Bench.L2 respond|latency|rate|takeover [--iface IF] [--ip IP]... [--src IP] [--target IP] [--count N] [--rate R] [--seconds S]");
        return 2;
    }

    private static Dictionary<string, List<string>> Parse(string[] args)
    {
        var result = new Dictionary<string, List<string>>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!result.TryGetValue(args[i], out var list))
            {
                result[args[i]] = list = [];
            }

            list.Add(args[i + 1]);
        }

        return result;
    }

    private static string One(Dictionary<string, List<string>> o, string key, string fallback)
        => o.TryGetValue(key, out var v) ? v[^1] : fallback;

    private static int Respond(Dictionary<string, List<string>> o)
    {
        var iface = One(o, "--iface", "eth0");
        var addresses = o.GetValueOrDefault("--ip") ?? [];
        using var metrics = new L2Metrics();
        var options = new L2Options { RealtimePriority = int.Parse(One(o, "--rt", "1"), CultureInfo.InvariantCulture) };
        var factory = new PcapResponderFactory(options, metrics, new DisabledMembership(), new ConflictWatcher(TimeProvider.System), NullLogger<PcapResponderFactory>.Instance);
        using var speaker = new L2Speaker(new SysfsLinkScanner(), factory, options, metrics, new DisabledMembership(), TimeProvider.System, NullLogger<L2Speaker>.Instance);
        speaker.Update("bench", addresses.ToDictionary(
            a => IPAddress.Parse(a),
            a => new AnnouncedAddress(IPAddress.Parse(a), [iface], [new ServiceKey("bench", "bench")])));
        Console.Error.WriteLine($"responding for {string.Join(",", addresses)} on {string.Join(",", speaker.ActiveInterfaces)}");
        using var done = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; done.Set(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; done.Set(); });
        done.Wait();
        return 0;
    }

    private static LibPcapLiveDevice OpenClient(string iface)
    {
        var device = LibPcapLiveDeviceList.New().First(d => d.Name == iface);
        device.Open(new DeviceConfiguration { Mode = DeviceModes.None, ReadTimeout = 100, Immediate = true, Snaplen = 128, BufferSize = 16 << 20 });
        device.Filter = "arp and arp[6:2] = 2";
        return device;
    }

    private static MacAddress Mac(string iface)
        => MacAddress.TryParse(File.ReadAllText($"/sys/class/net/{iface}/address"), out var mac) ? mac : throw new InvalidOperationException(iface);

    private static uint V4(string text)
    {
        var b = IPAddress.Parse(text).GetAddressBytes();
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b);
    }

    /// <summary>Reads the next ARP reply for <paramref name="target"/> within the timeout; returns its arrival time.</summary>
    private static long? NextReply(LibPcapLiveDevice device, uint target, long deadline)
    {
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (device.GetNextPacket(out var capture) != GetPacketStatus.PacketRead)
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            if (ArpCodec.TryRead(capture.Data, out var arp) && arp.Operation == ArpOperation.Reply && arp.SenderIp == target
                && !arp.TargetHardware.IsBroadcast)
            {
                return now;
            }
        }

        return null;
    }

    private static int Latency(Dictionary<string, List<string>> o)
    {
        var iface = One(o, "--iface", "eth0");
        var src = V4(One(o, "--src", "192.0.2.100"));
        var target = V4(One(o, "--target", "192.0.2.1"));
        var count = int.Parse(One(o, "--count", "1000"), CultureInfo.InvariantCulture);

        // The measuring client gets real-time scheduling too, so a busy machine delays neither measurement.
        RealtimeScheduling.TryEnterForCurrentThread(2);
        var device = OpenClient(iface);
        var mac = Mac(iface);
        Span<byte> frame = stackalloc byte[ArpCodec.FrameLength];
        ArpCodec.WriteRequest(frame, mac, src, target);
        var lost = 0;
        for (var i = 0; i < count; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            device.SendPacket(frame);
            var got = NextReply(device, target, sent + Stopwatch.Frequency / 10);
            if (got is null)
            {
                lost++;
                continue;
            }

            Console.WriteLine(((got.Value - sent) * 1_000_000.0 / Stopwatch.Frequency).ToString("F1", CultureInfo.InvariantCulture));
        }

        device.Close();
        Console.Error.WriteLine($"lost {lost}");
        return 0;
    }

    private static int Rate(Dictionary<string, List<string>> o)
    {
        var iface = One(o, "--iface", "eth0");
        var src = V4(One(o, "--src", "192.0.2.100"));
        var target = V4(One(o, "--target", "192.0.2.1"));
        var rate = int.Parse(One(o, "--rate", "20000"), CultureInfo.InvariantCulture);
        var seconds = double.Parse(One(o, "--seconds", "1"), CultureInfo.InvariantCulture);
        var device = OpenClient(iface);
        var mac = Mac(iface);
        var received = 0;
        var progress = 0;
        _ = new Timer(_ => Console.Error.WriteLine($"sent {Volatile.Read(ref progress)} received {Volatile.Read(ref received)}"), null, 500, 500);
        var stop = false;
        RealtimeScheduling.TryEnterForCurrentThread(2);
        var receiver = new Thread(() =>
        {
            RealtimeScheduling.TryEnterForCurrentThread(2);
            while (!Volatile.Read(ref stop))
            {
                if (device.GetNextPacket(out var capture) != GetPacketStatus.PacketRead)
                {
                    continue;
                }

                if (ArpCodec.TryRead(capture.Data, out var arp) && arp.Operation == ArpOperation.Reply && arp.SenderIp == target && arp.TargetHardware == mac)
                {
                    Interlocked.Increment(ref received);
                }
            }
        }) { IsBackground = true };
        receiver.Start();

        var frame = new byte[ArpCodec.FrameLength];
        ArpCodec.WriteRequest(frame, mac, src, target);
        var total = (int)(rate * seconds);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            // Pace by the clock: request i leaves at start + i/rate.
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.SpinWait(20);
            }

            device.SendPacket(frame);
            progress = i + 1;
        }

        var elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        Thread.Sleep(500);
        Volatile.Write(ref stop, true);
        Console.WriteLine($"{total} {Volatile.Read(ref received)} {total / elapsed:F0}");

        receiver.Join();
        device.Close();
        return 0;
    }
}
