using System.Globalization;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// One FRR daemon (<c>bgpd</c>, <c>bfdd</c>), standalone without zebra, in a lab namespace: its config, pid file and
/// sockets in a temporary directory, read through <c>vtysh</c>. Stopped by the pid it wrote, and the directory removed,
/// on dispose.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FrrDaemon : IAsyncDisposable
{
    private readonly string _netns;
    private readonly string _daemon;
    private int? _pid;

    public FrrDaemon(string netns, string daemon, string config)
    {
        _netns = netns;
        _daemon = daemon;
        Directory = System.IO.Directory.CreateTempSubdirectory($"ingot-{daemon}-").FullName;

        // The daemon drops to user frr: the directory must be readable and writable by it, the config readable.
        File.SetUnixFileMode(Directory, (UnixFileMode)0b111_111_111);
        // "$DIR" in the config stands for this directory (a log file beside the config).
        File.WriteAllText(Path.Combine(Directory, daemon + ".conf"), config.Replace("$DIR", Directory, StringComparison.Ordinal));
        File.SetUnixFileMode(Path.Combine(Directory, daemon + ".conf"), (UnixFileMode)0b110_100_100);
    }

    /// <summary>Where the daemon's files and sockets live.</summary>
    public string Directory { get; }

    /// <summary>Starts the daemon and waits until its vty answers <paramref name="readyCommand"/>.</summary>
    public async Task StartAsync(string readyCommand, params string[] extraArgs)
    {
        string[] args =
        [
            "netns", "exec", _netns, $"/usr/lib/frr/{_daemon}", "-d", "-f", Path.Combine(Directory, _daemon + ".conf"),
            "-i", Path.Combine(Directory, _daemon + ".pid"), "-z", Path.Combine(Directory, "zserv.api"), "--vty_socket", Directory,
            .. extraArgs,
        ];
        var (exit, output) = await ExternalProcess.RunAsync("ip", args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{_daemon} did not start: {output}");
        }

        var pidFile = Path.Combine(Directory, _daemon + ".pid");
        var pidText = await ExternalProcess.EventuallyAsync(() => Task.FromResult(File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : string.Empty), t => t.Length > 0, $"{_daemon} pid file", 30);
        _pid = int.Parse(pidText, CultureInfo.InvariantCulture);
        await ExternalProcess.EventuallyAsync(async () => (await Vtysh(readyCommand)).Exit, e => e == 0, $"{_daemon} vty", 30);
    }

    public Task<(int Exit, string Output)> Vtysh(string command)
        => ExternalProcess.RunAsync("ip", "netns", "exec", _netns, "vtysh", "--vty_socket", Directory, "-c", command);

    public async ValueTask DisposeAsync()
    {
        if (_pid is { } pid)
        {
            // Our own daemon, by the pid it wrote.
            await ExternalProcess.RunAsync("kill", "-TERM", pid.ToString(CultureInfo.InvariantCulture));
            await ExternalProcess.EventuallyAsync(() => Task.FromResult(System.IO.Directory.Exists($"/proc/{pid}")), alive => !alive, $"{_daemon} exit", 15);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
