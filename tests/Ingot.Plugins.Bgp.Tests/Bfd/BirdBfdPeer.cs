using System.Diagnostics;
using System.Globalization;
using Ingot.Plugins.Bgp.Interop.Tests;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>
/// A real BIRD 2 running only a BFD protocol with static neighbours, in a lab's router namespace, with its own config, control
/// socket and pid file in a temporary directory. Killed (and resumed first, if the test stopped it) on dispose.
/// </summary>
internal sealed class BirdBfdPeer : IAsyncDisposable
{
    private readonly string _netns;
    private readonly string _dir;
    private Process? _process;

    /// <param name="netns">The router namespace.</param>
    /// <param name="neighbors">BIRD <c>neighbor</c> statements without the keyword, e.g. <c>192.0.2.1 local 192.0.2.2</c>.</param>
    public BirdBfdPeer(string netns, params string[] neighbors)
    {
        _netns = netns;
        _dir = Directory.CreateTempSubdirectory("ingot-bfd-bird-").FullName;
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            router id {{NetNsLab.RouterV4}};
            protocol device { }
            protocol bfd ingot {
              interface "*" { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; };
              multihop { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; };
            {{string.Concat(neighbors.Select(n => $"  neighbor {n};\n"))}}}
            """);
        File.WriteAllText(Path.Combine(_dir, "bird.conf"), config);
    }

    public string Output => ExternalProcess.OutputOf(_process);

    private string Socket => Path.Combine(_dir, "bird.ctl");

    public async Task StartAsync()
    {
        _process = ExternalProcess.Start("ip", "netns", "exec", _netns, "bird", "-f", "-c", Path.Combine(_dir, "bird.conf"), "-s", Socket, "-P", Path.Combine(_dir, "bird.pid"));
        await ExternalProcess.EventuallyAsync(async () => (await Cli("show", "status")).Exit, e => e == 0, "BIRD control socket", 30, Output);
    }

    /// <summary><c>show bfd sessions</c> as printed.</summary>
    public async Task<string> SessionsAsync() => (await Cli("show", "bfd", "sessions")).Output;

    /// <summary>The state BIRD shows for its session with the address, or null when it lists none.</summary>
    public async Task<string?> StateOfAsync(string address)
    {
        foreach (var line in (await SessionsAsync()).Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0] == address)
            {
                return fields.FirstOrDefault(f => f is "Up" or "Down" or "Init" or "AdminDown");
            }
        }

        return null;
    }

    /// <summary>Freezes BIRD (SIGSTOP): it neither sends nor answers, as a hung router would.</summary>
    public Task PauseAsync() => Signal("-STOP");

    public Task ResumeAsync() => Signal("-CONT");

    public Task<(int Exit, string Output)> Cli(params string[] args)
        => ExternalProcess.RunAsync("ip", ["netns", "exec", _netns, "birdc", "-s", Socket, .. args]);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await Signal("-CONT");
        }

        ExternalProcess.Kill(_process);
        _process = null;
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private async Task Signal(string signal)
    {
        // ip netns exec execs BIRD in place, so the child we started is BIRD itself.
        var pid = _process?.Id ?? throw new InvalidOperationException("BIRD is not running");
        var (exit, output) = await ExternalProcess.RunAsync("kill", signal, pid.ToString(CultureInfo.InvariantCulture));
        if (exit != 0)
        {
            throw new InvalidOperationException($"kill {signal} {pid}: {output}");
        }
    }
}
