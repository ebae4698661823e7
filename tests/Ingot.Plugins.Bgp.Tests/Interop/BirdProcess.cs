using System.Diagnostics;
using System.Globalization;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// A BIRD 2 daemon in a lab namespace, with its config, control socket and pid file in a temporary directory. It can be
/// frozen and resumed by signal, as a hung router; on dispose it is resumed first, killed, and its directory removed.
/// </summary>
internal sealed class BirdProcess : IAsyncDisposable
{
    private readonly string _netns;
    private readonly string _dir;
    private Process? _process;

    public BirdProcess(string netns, string config)
    {
        _netns = netns;
        _dir = Directory.CreateTempSubdirectory("ingot-bird-").FullName;
        File.WriteAllText(Path.Combine(_dir, "bird.conf"), config);
    }

    public string Output => ExternalProcess.OutputOf(_process);

    private string Socket => Path.Combine(_dir, "bird.ctl");

    public async Task StartAsync()
    {
        _process = ExternalProcess.Start("ip", "netns", "exec", _netns, "bird", "-f", "-c", Path.Combine(_dir, "bird.conf"), "-s", Socket, "-P", Path.Combine(_dir, "bird.pid"));
        await ExternalProcess.EventuallyAsync(async () => (await Cli("show", "status")).Exit, e => e == 0, "BIRD control socket", 30, Output);
    }

    public Task<(int Exit, string Output)> Cli(params string[] args)
        => ExternalProcess.RunAsync("ip", ["netns", "exec", _netns, "birdc", "-s", Socket, .. args]);

    /// <summary>Freezes BIRD (SIGSTOP): it neither sends nor answers, as a hung router would.</summary>
    public Task PauseAsync() => Signal("-STOP");

    public Task ResumeAsync() => Signal("-CONT");

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
