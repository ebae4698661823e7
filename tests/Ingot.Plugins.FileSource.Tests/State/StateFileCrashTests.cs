using System.Diagnostics;
using System.Globalization;
using Ingot.Plugins.FileSource.Tests;

namespace Ingot.Plugins.FileSource.State.Tests;

/// <summary>
/// A real child process rewrites the state file in a loop and is killed with SIGKILL at varying moments; each time the
/// file must read back whole, holding the last generation the child reported committed or the one after it.
/// </summary>
public class StateFileCrashTests
{
    private static string WriterPath => Path.Combine(AppContext.BaseDirectory, "Ingot.Plugins.FileSource.StateWriter.dll");

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(40)]
    [InlineData(111)]
    public async Task Write_ProcessKilledMidWrites_FileStaysWhole(int generationsBeforeKill)
    {
        using var dir = new TempDirectory();
        var path = dir.File("state.json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WriterPath);
        start.ArgumentList.Add(path);
        using var child = Process.Start(start)!;

        var committed = 0;
        try
        {
            while (committed < generationsBeforeKill)
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("the writer exited: " + await child.StandardError.ReadToEndAsync(timeout.Token));
                committed = int.Parse(line, CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            child.Kill(); // SIGKILL on Unix: no finalizers, no flush, wherever the writer is
            await child.WaitForExitAsync(CancellationToken.None);
        }

        var entries = StateFile.Read(path, out var error).Assignments;

        Assert.Null(error);
        Assert.Equal(64, entries.Count);
        var pools = entries.Values.Select(e => e.Pool).Distinct().ToList();
        var generation = int.Parse(Assert.Single(pools)!["gen-".Length..], CultureInfo.InvariantCulture);
        // The writer kept going after the last line was read, so the file may be newer, never older, and never mixed.
        Assert.True(generation >= committed, $"generation {generation} is older than the committed {committed}");
        Assert.Equal($"192.0.2.{generation % 256}", entries[new Sdk.Cluster.ServiceKey("default", "svc-00")].Addresses[0].ToString());
    }
}
