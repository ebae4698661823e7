using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ingot.Bench.Ipam;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.DependencyInjection;

// Each measurement runs in its own child process so that peak memory belongs to that measurement alone.
//   dotnet run -c Release --project bench/ipam                    → the whole table
//   dotnet run -c Release --project bench/ipam -- --sizes 10000   → fewer sizes
//   … -- --child ingot|ingot-restart|naive COUNT PREFIX BUDGET_S  → one measurement (JSON line)
if (args.Length > 0 && args[0] == "--child")
{
    var m = Measure(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture)));
    Console.WriteLine(JsonSerializer.Serialize(m));
    return 0;
}

var sizes = args.Length > 1 && args[0] == "--sizes"
    ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
    : [10_000, 100_000];
var budget = Environment.GetEnvironmentVariable("IPAM_BENCH_BASELINE_BUDGET") is { } b ? double.Parse(b, CultureInfo.InvariantCulture) : 20;
Console.WriteLine($"IPAM reconcile benchmark ({Environment.ProcessorCount} cores, {RuntimeInformationText()}); naive baseline CPU budget {budget} s; load average at start: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine("pools: main = IPv4 /16 (198.18.0.0/16) + IPv6 /64; team-0 /24 pinned by namespace (priority 10); gold /24+/120 pinned by label (priority 5)");
Console.WriteLine("services: 45% IPv4, 45% IPv6, 10% RequireDualStack, 10% sharing in groups, 1/10 namespaces + 1/50 labels pinned");
Console.WriteLine();
Console.WriteLine("ms = wall time of one full reconcile (warm: steady state; cold: first pass in a fresh process incl. JIT);");
Console.WriteLine("cpu = process CPU time of the warm pass; peak WS = the child process's peak working set (input snapshot included);");
Console.WriteLine("alloc/retained = managed bytes allocated by / kept alive after the (cold) pass; input = managed heap holding the snapshot.");
Console.WriteLine();
Console.WriteLine($"{"case",-36} {"warm ms",9} {"cpu ms",8} {"µs/svc",8} {"cold ms",9} {"peak WS MB",11} {"alloc MB",9} {"retained MB",12} {"input MB",9}  note");
foreach (var count in sizes)
{
    var fresh = Child("ingot", count, 16, budget);
    var restart = Child("ingot-restart", count, 16, budget);
    var naive = Child("naive", count, 16, budget);
    Row($"ingot fresh {count:N0} (/16 + /64)", fresh, "");
    Row($"ingot restart {count:N0} (all hold)", restart, fresh.Checksum == restart.Checksum ? "same answer as fresh" : "DIFFERENT answer");
    var complete = naive.Processed == count;
    var naiveMs = complete ? naive.Milliseconds : Extrapolate(naive.Milliseconds, naive, count);
    var naiveCpu = complete ? naive.CpuMilliseconds : Extrapolate(naive.CpuMilliseconds, naive, count);
    Row($"naive scan {count:N0} (/16 + /64)", naive,
        complete
            ? (naive.Checksum == fresh.Checksum ? "same answer as ingot" : "DIFFERENT answer")
            : $"stopped after {naive.Processed:N0} services (CPU budget); quadratic extrapolation {naiveMs / 1000:F0} s wall, {naiveCpu / 1000:F0} s cpu");
    Console.WriteLine($"{"  ratio naive / ingot fresh",-36} cpu {naiveCpu / fresh.CpuMilliseconds:F1}x, wall warm {naiveMs / fresh.Milliseconds:F1}x, wall cold {naiveMs / fresh.ColdMilliseconds:F1}x{(complete ? "" : " (naive extrapolated)")}");
}

var wide = Child("ingot", sizes[0], 8, budget);
Row($"ingot fresh {sizes[0]:N0} (/8 + /64)", wide, "pool-size independence: compare with the /16 row");
return 0;

static Measurement Child(string impl, int count, int prefix, double budget)
{
    var self = typeof(Workload).Assembly.Location;
    var psi = new ProcessStartInfo(Environment.ProcessPath!, [self, "--child", impl, count.ToString(CultureInfo.InvariantCulture),
        prefix.ToString(CultureInfo.InvariantCulture), budget.ToString(CultureInfo.InvariantCulture)])
    {
        RedirectStandardOutput = true,
    };
    using var process = Process.Start(psi)!;
    var line = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return JsonSerializer.Deserialize<Measurement>(line.Trim().Split('\n')[^1])!;
}

static void Row(string name, Measurement m, string note)
    => Console.WriteLine($"{name,-36} {m.Milliseconds,9:F1} {m.CpuMilliseconds,8:F1} {m.Milliseconds * 1000 / Math.Max(1, m.Processed),8:F2} {m.ColdMilliseconds,9:F1} {m.PeakWorkingSetMb,11:F1} {m.AllocatedMb,9:F1} {m.RetainedMb,12:F1} {m.InputMb,9:F1}  {note}");

static double Extrapolate(double ms, Measurement m, int count) => ms * Math.Pow((double)count / m.Processed, 2);

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

static Measurement Measure(string impl, int count, int prefix, TimeSpan budget)
{
    var configuration = Workload.Configuration(prefix);
    var services = Workload.Services(count);
    var allocator = new ServiceCollection().AddIngotIpam().BuildServiceProvider().GetRequiredService<IAddressAllocator>();
    var state = new ClusterState { Configuration = configuration, Services = services };
    if (impl == "ingot-restart")
    {
        // Every Service holds what a first pass gave it (a restart, or a reconcile after any event).
        state = state with { Services = Workload.Restarted(services, allocator.Allocate(state)) };
    }

    Settle();
    var heapBefore = GC.GetTotalMemory(true);
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var stopwatch = Stopwatch.StartNew();
    if (impl == "naive")
    {
        var answer = new NaiveAllocator().Run(configuration, services, budget, out var processed);
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
        var retained = GC.GetTotalMemory(true) - heapBefore;
        var checksum = Checksum(answer.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={string.Join(",", kv.Value.Addresses)}@{kv.Value.Pool}"));
        GC.KeepAlive(answer);
        return Result(processed, stopwatch.Elapsed, cpu, stopwatch.Elapsed, allocated, retained, checksum);
    }

    // Cold: the first pass in a fresh process, JIT included (what a restart of the daemon costs).
    var first = allocator.Allocate(state);
    stopwatch.Stop();
    var cold = stopwatch.Elapsed;
    var allocatedCold = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
    var retainedCold = GC.GetTotalMemory(true) - heapBefore;
    GC.KeepAlive(first);
    first = null;

    // Warm: the steady state of a running daemon, after the JIT has tiered up.
    for (var i = 0; i < 4; i++)
    {
        allocator.Allocate(state);
    }

    Settle();
    cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    stopwatch.Restart();
    var result = allocator.Allocate(state);
    stopwatch.Stop();
    var warmCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var sum = Checksum(result.Assignments.OrderBy(a => a.Service).Select(a => $"{a.Service}={string.Join(",", a.Addresses)}@{a.Pool}"));
    return Result(count, stopwatch.Elapsed, warmCpu, cold, allocatedCold, retainedCold, sum);

    Measurement Result(int processed, TimeSpan wall, TimeSpan cpu, TimeSpan coldWall, long allocated, long retained, string checksum) => new()
    {
        Implementation = impl,
        Count = count,
        Processed = processed,
        Milliseconds = wall.TotalMilliseconds,
        CpuMilliseconds = cpu.TotalMilliseconds,
        ColdMilliseconds = coldWall.TotalMilliseconds,
        PeakWorkingSetMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
        AllocatedMb = allocated / 1048576.0,
        RetainedMb = retained / 1048576.0,
        InputMb = heapBefore / 1048576.0,
        Checksum = checksum,
    };
}

static void Settle()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}

static string Checksum(IEnumerable<string> lines)
    => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))))[..16];

internal sealed record Measurement
{
    public string Implementation { get; init; } = "";
    public int Count { get; init; }
    public int Processed { get; init; }
    public double Milliseconds { get; init; }
    public double CpuMilliseconds { get; init; }
    public double ColdMilliseconds { get; init; }
    public double PeakWorkingSetMb { get; init; }
    public double AllocatedMb { get; init; }
    public double RetainedMb { get; init; }
    public double InputMb { get; init; }
    public string Checksum { get; init; } = "";
}
