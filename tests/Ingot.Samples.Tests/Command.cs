using System.Diagnostics;

namespace Ingot.Samples.Tests;

/// <summary>Runs a program to completion and captures what it printed.</summary>
internal static class Command
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and fails the test with everything printed when the exit code is not 0.</summary>
    public static async Task<string> RunCheckedAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var args = arguments.ToList();
        var (code, stdout, stderr) = await RunAsync(fileName, args, workingDirectory);
        Assert.True(code == 0, $"{fileName} {string.Join(' ', args)} exited {code}\n{stdout}\n{stderr}");
        return stdout;
    }
}
