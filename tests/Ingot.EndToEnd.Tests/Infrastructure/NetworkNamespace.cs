using System.Diagnostics;

namespace Ingot.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A network namespace this test creates and always removes, with loopback up. Processes started in it see only its
/// interfaces, so an announcer running there can never touch the machine's own network.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<NetworkNamespace> CreateAsync(string prefix)
    {
        var ns = new NetworkNamespace($"{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        await Shell.RunCheckedAsync("ip", ["netns", "add", ns.Name]);
        await ns.ExecCheckedAsync("ip", "link", "set", "lo", "up");
        return ns;
    }

    public Task<string> ExecCheckedAsync(string program, params string[] args)
        => Shell.RunCheckedAsync("ip", ["netns", "exec", Name, program, .. args]);

    public Task<(int ExitCode, string Stdout, string Stderr)> ExecAsync(string program, params string[] args)
        => Shell.RunAsync("ip", ["netns", "exec", Name, program, .. args]);

    /// <summary>Starts a long-running process in the namespace; it is killed on dispose.</summary>
    public Process Start(string program, IEnumerable<string> args, string logFile)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", Name, program }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }

            p.Dispose();
        }

        // Anything still running in the namespace (a child that escaped the tree) goes with it.
        await Shell.RunAsync("ip", ["netns", "pids", Name]).ContinueWith(async t =>
        {
            foreach (var pid in t.Result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await Shell.RunAsync("kill", ["-9", pid.Trim()]);
            }
        }).Unwrap();
        await Shell.RunAsync("ip", ["netns", "delete", Name]);
    }
}
