using System.Diagnostics;
using System.Globalization;
using Ingot.Plugins.L2.Election;
using Ingot.Tests.Lab;

namespace Ingot.Plugins.L2.Lab.Tests;

/// <summary>
/// A lab of its own for the failover tests (they kill, stop and cut off nodes), with the controls they need: signals to
/// a node's <c>ingot</c>, restarts from the lab's start scripts, links, nftables rules inside the node namespaces, and
/// each node's <c>/metrics</c>. <see cref="Restore"/> brings every node back before each test, so their order does not
/// matter.
/// </summary>
public sealed class FailoverFixture : LabSession
{
    /// <summary>The nftables table the tests add inside node namespaces; deleting it removes every rule they made.</summary>
    public const string NftTable = "il2_failover";

    /// <summary>The membership hold-down of the lab (docs/failover.md: the default, 5 s).</summary>
    public static readonly TimeSpan HoldDown = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // When each node last came back (start, resume, link up): until the hold-down has passed it, the election
    // still prefers the others, so Restore waits it out and the next test starts from a settled lab.
    private readonly Dictionary<string, DateTime> _returned = new(StringComparer.Ordinal);

    public string LabDir => Env["LAB_DIR"];

    public string MetricsPort => Env["LAB_METRICS_PORT"];

    public string Mac(string node) => NodeEnv("MAC", node);

    public string? NodeOfMac(string? mac)
        => mac is null ? null : Nodes.FirstOrDefault(n => string.Equals(Mac(n), mac, StringComparison.OrdinalIgnoreCase));

    /// <summary>MetalLB's ranking over all three nodes: the owner once every speaker is alive and settled.</summary>
    public static string Elected(string ip) => L2Election.SortCandidates(Nodes, ip, new Dictionary<string, int>())[0];

    public static string NextElected(string ip, string without)
        => L2Election.SortCandidates(Nodes.Where(n => n != without), ip, new Dictionary<string, int>())[0];

    public string LogPath(string node) => Path.Combine(LabDir, $"ingot-{node}.log");

    public int Pid(string node)
        => int.Parse(File.ReadAllText(Path.Combine(LabDir, $"ingot-{node}.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Whether the node's ingot runs (a zombie, left by kill -9 until it is reaped, does not).</summary>
    public bool Running(string node) => ProcessState(node) is not (null or 'Z' or 'X');

    public bool Stopped(string node) => ProcessState(node) is 'T' or 't';

    public void Signal(string node, string signal)
    {
        var (code, _, error) = Run("kill", $"-{signal}", Pid(node).ToString(CultureInfo.InvariantCulture));
        if (code != 0)
        {
            throw new InvalidOperationException($"kill -{signal} of {node}'s ingot failed: {error}");
        }
    }

    /// <summary>Starts the node's ingot exactly as the lab did (its start script), recording the new pid.</summary>
    public void Start(string node)
    {
        var script = NodeEnv("START", node);
        var pidFile = Path.Combine(LabDir, $"ingot-{node}.pid");
        // The script redirects ingot's output to its log and execs, so $! is ingot's pid and no pipe stays open.
        var (code, _, error) = Run("bash", "-c", "\"$1\" </dev/null & echo $! >\"$2\"", "start", script, pidFile);
        if (code != 0)
        {
            throw new InvalidOperationException($"starting {node} with {script} failed: {error}");
        }

        _returned[node] = DateTime.UtcNow;
    }

    /// <summary>SIGTERM and wait for the process to end (membership says it leaves first).</summary>
    public void Stop(string node)
    {
        Signal(node, "TERM");
        if (!WaitFor(() => !Running(node)))
        {
            throw new InvalidOperationException($"{node}'s ingot did not exit after SIGTERM");
        }
    }

    public void Returned(string node) => _returned[node] = DateTime.UtcNow;

    public void SetLink(string node, bool up)
    {
        var (code, _, error) = InNamespace(node, "ip", "link", "set", "eth0", up ? "up" : "down");
        if (code != 0)
        {
            throw new InvalidOperationException($"ip link set eth0 {(up ? "up" : "down")} in {node} failed: {error}");
        }

        if (up)
        {
            // A link going down flushes the routes through it; the lab's routes to the remote network come back here.
            InNamespace(node, "ip", "route", "replace", "198.51.100.0/24", "via", Env["LAB_ROUTER_IP4"]);
            InNamespace(node, "ip", "-6", "route", "replace", "2001:db8:1::/64", "via", Env["LAB_ROUTER_IP6"]);
            _returned[node] = DateTime.UtcNow;
        }
    }

    /// <summary>Loads nftables rules (the body of <see cref="NftTable"/>) inside the node's namespace.</summary>
    public void Nft(string node, string body)
    {
        var file = Path.Combine(LabDir, $"nft-{node}.conf");
        File.WriteAllText(file, $"table inet {NftTable} {{\n{body}\n}}\n");
        var (code, _, error) = InNamespace(node, "nft", "-f", file);
        if (code != 0)
        {
            throw new InvalidOperationException($"nft -f {file} in {node} failed: {error}");
        }
    }

    public void ClearNft(string node) => InNamespace(node, "nft", "delete", "table", "inet", NftTable);

    public string Metrics(string node)
    {
        var (code, output, _) = InNamespace(node, "curl", "-s", "--max-time", "3", $"http://127.0.0.1:{MetricsPort}/metrics");
        return code == 0 ? output : "";
    }

    /// <summary>The sum of a metric's samples whose labels contain every one of <paramref name="labels"/>
    /// (e.g. <c>reason="replay"</c>); null when the node does not answer or has no such sample.</summary>
    public double? Metric(string node, string name, params string[] labels)
    {
        double? sum = null;
        foreach (var line in Metrics(node).Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length <= name.Length || line[name.Length] is not ('{' or ' ')
                || !labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                continue;
            }

            if (double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }

    /// <summary>Every node back to normal: rules removed, links up, processes resumed or restarted; then waits until each
    /// speaker sees the others alive, none is fenced or in fallback, the hold-down of any returned node has passed, and the
    /// elected nodes answer alone for both the IPv4 and the IPv6 test address.</summary>
    public void Restore()
    {
        foreach (var node in Nodes)
        {
            ClearNft(node);
            var (_, link, _) = InNamespace(node, "ip", "-o", "link", "show", "eth0");
            if (!link.Contains("state UP", StringComparison.Ordinal) && !link.Contains(",UP", StringComparison.Ordinal))
            {
                SetLink(node, up: true);
            }

            if (Stopped(node))
            {
                Signal(node, "CONT");
                Returned(node);
            }

            if (!Running(node))
            {
                Start(node);
            }
        }

        Require(() => Nodes.All(n => Metric(n, "ingot_membership_members", "state=\"alive\"") == Nodes.Length - 1
                                     && Metric(n, "ingot_membership_fallback") == 0 && Metric(n, "ingot_layer2_fenced") == 0),
            "the speakers did not all see each other alive, unfenced");
        var settled = _returned.Values.DefaultIfEmpty(DateTime.MinValue).Max() + HoldDown + TimeSpan.FromSeconds(1);
        if (settled > DateTime.UtcNow)
        {
            Thread.Sleep(settled - DateTime.UtcNow);
        }

        Require(() => AnsweredOnlyBy(FailoverTests.WebIp, Elected(FailoverTests.WebIp))
                      && AnsweredOnlyBy(FailoverTests.DualIp6, Elected(FailoverTests.DualIp4)),
            "the elected nodes did not answer alone after the lab was restored");
    }

    /// <summary>One probe window: true when replies came, all from the node's MAC.</summary>
    public bool AnsweredOnlyBy(string ip, string node)
    {
        var probes = Prober.Run(this, ip, count: 2);
        return probes.All(p => p.Count == 1 && p.Contains(Mac(node)));
    }

    public static bool WaitFor(Func<bool> condition, TimeSpan? patience = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (patience ?? Patience))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return condition();
    }

    private void Require(Func<bool> condition, string what)
    {
        if (!WaitFor(condition))
        {
            throw new InvalidOperationException($"restoring the lab: {what}\n" + string.Join('\n', Nodes.Select(n => $"{n}: {Tail(n)}")));
        }
    }

    public string Tail(string node)
    {
        var lines = File.Exists(LogPath(node)) ? File.ReadAllLines(LogPath(node)) : [];
        return string.Join('\n', lines.TakeLast(15));
    }

    private char? ProcessState(string node)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) S ..."; comm may hold spaces, the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{Pid(node)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
