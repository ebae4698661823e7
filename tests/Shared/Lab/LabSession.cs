using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Ingot.Tests.Lab;

/// <summary>
/// One network-namespace lab (<c>scripts/lab/lab.sh up</c>): node namespaces running the built
/// <c>artifacts/ingot/ingot run</c> on a copy of examples/lab, a client, and the router with its remote network; removed on
/// dispose, and also when <c>up</c> fails half-way. Shared (linked) by the test projects that drive the lab.
/// </summary>
public abstract class LabSession : IDisposable
{
    protected LabSession()
    {
        Repo = FindRepo();
        Ingot = Path.Combine(Repo, "artifacts", "ingot", "ingot");
        if (!File.Exists(Ingot))
        {
            throw new InvalidOperationException($"{Ingot} is missing: run scripts/build.sh first");
        }

        var (code, output, error) = Run(Path.Combine(Repo, "scripts", "lab", "lab.sh"), "up");
        Env = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].StartsWith("LAB_", StringComparison.Ordinal))
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        Prefix = Env.GetValueOrDefault("LAB_PREFIX") ?? "";
        if (code != 0)
        {
            Dispose();
            throw new InvalidOperationException($"lab.sh up failed ({code}): {error}");
        }

        Config = Env["LAB_CONFIG"];
        if (Env.GetValueOrDefault("LAB_MEMBERSHIP") == "1")
        {
            WaitSettled();
        }
    }

    /// <summary>The membership hold-down the lab runs with (docs/failover.md: the default).</summary>
    public static readonly TimeSpan MembershipHoldDown = TimeSpan.FromSeconds(5);

    public static readonly string[] Nodes = ["node-a", "node-b", "node-c"];

    public string Repo { get; }

    public string Ingot { get; }

    public string Prefix { get; }

    /// <summary>The lab's copy of examples/lab, watched by every node's file source.</summary>
    public string Config { get; } = "";

    /// <summary>The variables <c>lab.sh up</c> printed (<c>LAB_*</c>).</summary>
    public IReadOnlyDictionary<string, string> Env { get; }

    /// <summary>A per-node variable, e.g. <c>NodeEnv("IP4", "node-a")</c> reads <c>LAB_IP4_NODE_A</c>.</summary>
    public string NodeEnv(string kind, string node) => Env[$"LAB_{kind}_{node.Replace('-', '_').ToUpperInvariant()}"];

    /// <summary>The gateways of the route BIRD installed for <paramref name="ip"/> (a host route) in the router's kernel
    /// table, in order; empty when there is none.</summary>
    public string[] RouterNextHops(string ip)
    {
        var ipv6 = ip.Contains(':', StringComparison.Ordinal);
        var (code, output, _) = InNamespace("router", "ip", "-j", ipv6 ? "-6" : "-4", "route", "show", $"{ip}/{(ipv6 ? 128 : 32)}", "proto", "bird");
        if (code != 0 || string.IsNullOrWhiteSpace(output))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(output);
        var hops = new List<string>();
        foreach (var route in doc.RootElement.EnumerateArray())
        {
            if (route.TryGetProperty("gateway", out var gateway))
            {
                hops.Add(gateway.GetString()!);
            }

            if (route.TryGetProperty("nexthops", out var nexthops))
            {
                hops.AddRange(nexthops.EnumerateArray().Select(h => h.GetProperty("gateway").GetString()!));
            }
        }

        return [.. hops.Order(StringComparer.Ordinal)];
    }

    public string Namespace(string name) => $"{Prefix}-{name}";

    public (int Code, string Output, string Error) InNamespace(string name, string command, params string[] args)
        => Run("ip", ["netns", "exec", Namespace(name), command, .. args]);

    public void Dispose()
    {
        if (Prefix.StartsWith("il2-", StringComparison.Ordinal))
        {
            Run(Path.Combine(Repo, "scripts", "lab", "lab.sh"), "down", Prefix);
        }

        GC.SuppressFinalize(this);
    }

    public static (int Code, string Output, string Error) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    // The nodes start one after another, so the first two reach a majority and finish their hold-down before the last:
    // until every speaker has, the election prefers the settled ones and addresses move. Tests start after that.
    private void WaitSettled()
    {
        var port = Env["LAB_METRICS_PORT"];
        var clock = Stopwatch.StartNew();
        while (!Nodes.All(n => InNamespace(n, "curl", "-s", "--max-time", "2", $"http://127.0.0.1:{port}/metrics").Output
                   .Split('\n').Contains($"ingot_membership_members{{state=\"alive\"}} {Nodes.Length - 1}")))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                Dispose();
                throw new InvalidOperationException("the lab's speakers never all saw each other alive");
            }

            Thread.Sleep(200);
        }

        Thread.Sleep(MembershipHoldDown + TimeSpan.FromSeconds(1));
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Plugins.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Plugins.sln) above " + AppContext.BaseDirectory);
    }
}
