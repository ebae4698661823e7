using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ingot.Plugins.L2.Tests;

/// <summary>What the suite's own network namespaces need: commands run to completion, and code run inside a namespace.</summary>
internal static class NetNs
{
    private const int CloneNewNet = 0x40000000;

    public static void Run(string file, params string[] args)
    {
        var (code, error) = RunQuiet(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {error}");
        }
    }

    public static (int Code, string Error) RunQuiet(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    /// <summary>Runs <paramref name="action"/> on a fresh thread moved into namespace <paramref name="name"/>: sockets it
    /// creates belong there for their whole life, whichever thread uses them later.</summary>
    public static T In<T>(string name, Func<T> action)
    {
        T? result = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{name}");
                if (SetNs(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns {name} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = action();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        return error is null ? result! : throw new InvalidOperationException($"in namespace {name}: {error.Message}", error);
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}
