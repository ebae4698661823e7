using System.Diagnostics;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>Runs a real routing daemon or CLI for interop tests.</summary>
internal static class ExternalProcess
{
    public static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    public static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => Append(p, e.Data);
        p.ErrorDataReceived += (_, e) => Append(p, e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Text.StringBuilder> s_output = new();

    /// <summary>What a started process printed so far.</summary>
    public static string OutputOf(Process? p) => p is not null && s_output.TryGetValue(p, out var sb) ? sb.ToString() : string.Empty;

    private static void Append(Process p, string? line)
    {
        if (line is null)
        {
            return;
        }

        var sb = s_output.GetOrCreateValue(p);
        lock (sb)
        {
            sb.AppendLine(line);
        }
    }

    public static void Kill(Process? p)
    {
        if (p is null)
        {
            return;
        }

        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        p.Dispose();
    }

    /// <summary>Polls until the condition holds; fails with the last observation after a generous deadline.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> observe, Func<T, bool> done, string what, int seconds = 60, object? context = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T last;
        while (true)
        {
            last = await observe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                var shown = last is System.Collections.IEnumerable e && last is not string ? string.Join(", ", e.Cast<object>()) : last?.ToString();
                throw new TimeoutException($"timed out waiting for {what}; last observation: {shown}{Environment.NewLine}{context}");
            }

            await Task.Delay(200);
        }
    }
}
