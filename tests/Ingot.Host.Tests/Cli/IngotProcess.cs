using System.Diagnostics;
using System.Text;

namespace Ingot.Host.Tests.Cli;

/// <summary>Runs the built <c>artifacts/ingot/ingot</c> as a real process and captures stdout, stderr and the exit code.</summary>
internal sealed class IngotProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private IngotProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public static IngotProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(TestPaths.Ingot)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The tests decide where plugins come from and which node this is.
        info.Environment.Remove("INGOT_PLUGINS_DIR");
        info.Environment.Remove("NODE_NAME");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var result = new IngotProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(result._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs to completion (with a hang guard) and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
        => await RunAsync(args, null);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment)
    {
        using var p = Start(args, environment);
        var code = await p.WaitForExitAsync();
        return (code, p.Stdout, p.Stderr);
    }

    public async Task<int> WaitForExitAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(guard.Token);
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as Kubernetes does when it stops a pod.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits until stderr contains a line matching <paramref name="predicate"/> (hang guard only).</summary>
    public async Task<string> WaitForStderrAsync(Func<string, bool> predicate)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = Stderr.Split('\n').FirstOrDefault(predicate);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"ingot exited with {_process.ExitCode}: {Stderr}");
            }

            await Task.Delay(50, guard.Token);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            sb.Append(line).Append('\n');
        }
    }
}
