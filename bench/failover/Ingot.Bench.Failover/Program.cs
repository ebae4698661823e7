using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace Ingot.Bench.Failover;

/// <summary>
/// <c>probe --iface eth0 --src 192.0.2.100 --target 192.0.2.200 [--interval-ms 10] --out FILE</c>: until SIGTERM, one
/// ARP request every interval and one log line per ARP packet for the target (see <see cref="Prober"/>).
/// <c>analyze --name NAME --log FILE --trials FILE</c>: for each trial (<c>FAULT FAULT_US OLD_MAC RESTORE_US</c> per
/// line) the time from the fault to the first packet from another MAC and whether the old owner spoke after it, then
/// per fault <c>summary NAME FAULT TRIALS TAKEOVERS MEDIAN_MS P99_MS MAX_MS OLD_AFTER NOT_ONE_MAC</c>.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var options = Parse(args.Skip(1).ToArray());
            return args.FirstOrDefault() switch
            {
                "probe" => Probe(options),
                "analyze" => Analyze(options),
                _ => Usage(),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"Ingot.Bench.Failover: {e.Message}");
            return 1;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Ingot.Bench.Failover probe --iface IF --src IP --target IP [--interval-ms 10] --out FILE");
        Console.Error.WriteLine("       Ingot.Bench.Failover analyze --name NAME --log FILE --trials FILE");
        return 2;
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{args[i]}': options come as --name value");
            }

            result[args[i]] = args[i + 1];
        }

        return result;
    }

    private static string Required(Dictionary<string, string> o, string key)
        => o.TryGetValue(key, out var v) ? v : throw new ArgumentException($"{key} is required");

    private static IPAddress V4(Dictionary<string, string> o, string key)
    {
        var text = Required(o, key);
        return IPAddress.TryParse(text, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? ip
            : throw new FormatException($"{key}: '{text}' is not an IPv4 address");
    }

    private static int Probe(Dictionary<string, string> o)
    {
        var intervalText = o.GetValueOrDefault("--interval-ms", "10");
        if (!int.TryParse(intervalText, CultureInfo.InvariantCulture, out var ms) || ms is < 1 or > 1000)
        {
            throw new FormatException($"--interval-ms: '{intervalText}' is not a whole number of milliseconds from 1 to 1000");
        }

        using var writer = new StreamWriter(Required(o, "--out"), append: true) { AutoFlush = true };
        using var log = TextWriter.Synchronized(writer);
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        var prober = new Prober(o.GetValueOrDefault("--iface", "eth0"), V4(o, "--src"), V4(o, "--target"), TimeSpan.FromMilliseconds(ms), log);
        var (sent, logged) = prober.Run(stop.Token);
        Console.Error.WriteLine($"probe: sent {sent} requests, logged {logged} packets");
        return 0;
    }

    private static int Analyze(Dictionary<string, string> o)
    {
        var name = Required(o, "--name");
        var sightings = ReadLog(Required(o, "--log"));
        var results = ReadTrials(Required(o, "--trials")).Select(t => FailoverAnalysis.Analyze(sightings, t)).ToList();
        var inv = CultureInfo.InvariantCulture;
        var n = 0;
        foreach (var r in results)
        {
            n++;
            Console.WriteLine(r.TakeoverMilliseconds is { } ms
                ? string.Create(inv, $"trial {name} {r.Trial.Fault} {n} takeover_ms {ms:F1} new {ArpFrame.FormatMac(r.NewMac)} old_owner_packets_after {r.OldOwnerPacketsAfter} macs_after {r.MacsAfter}")
                : string.Create(inv, $"trial {name} {r.Trial.Fault} {n} no takeover before the restore"));
        }

        foreach (var group in results.GroupBy(r => r.Trial.Fault))
        {
            var times = group.Where(r => r.TakeoverMilliseconds is not null).Select(r => r.TakeoverMilliseconds!.Value).Order().ToList();
            var oldAfter = group.Count(r => r.OldOwnerPacketsAfter > 0);
            var notOne = group.Count(r => r.TakeoverMilliseconds is not null && r.MacsAfter != 1);
            Console.WriteLine(times.Count == 0
                ? string.Create(inv, $"summary {name} {group.Key} {group.Count()} 0 - - - {oldAfter} {notOne}")
                : string.Create(inv, $"summary {name} {group.Key} {group.Count()} {times.Count} {FailoverAnalysis.Median(times):F1} {FailoverAnalysis.Percentile(times, 99):F1} {times[^1]:F1} {oldAfter} {notOne}"));
        }

        return 0;
    }

    private static List<Sighting> ReadLog(string path)
    {
        var list = new List<Sighting>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            var f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 2 || !long.TryParse(f[0], CultureInfo.InvariantCulture, out var us))
            {
                throw new FormatException($"{path}:{line}: expected 'MICROSECONDS MAC OPERATION', got '{text}'");
            }

            list.Add(new Sighting(us, ArpFrame.ParseMac(f[1], $"{path}:{line}")));
        }

        return list;
    }

    private static List<Trial> ReadTrials(string path)
    {
        var list = new List<Trial>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            var f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4 || !long.TryParse(f[1], CultureInfo.InvariantCulture, out var fault)
                || !long.TryParse(f[3], CultureInfo.InvariantCulture, out var restore) || restore <= fault)
            {
                throw new FormatException($"{path}:{line}: expected 'FAULT FAULT_US OLD_MAC RESTORE_US' with RESTORE_US after FAULT_US, got '{text}'");
            }

            list.Add(new Trial(f[0], fault, ArpFrame.ParseMac(f[2], $"{path}:{line}"), restore));
        }

        return list;
    }
}
