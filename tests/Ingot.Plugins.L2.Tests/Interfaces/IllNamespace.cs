using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ingot.Plugins.L2.Interfaces.Tests;

/// <summary>
/// One network namespace of this test suite's own (prefix <c>ill-</c> and a GUID fragment, so parallel runs do not
/// collide), with <c>lo</c> up. Dispose deletes it, and every interface in it, also when the test failed. Nothing here
/// touches the machine's own interfaces.
/// </summary>
internal sealed class IllNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    public IllNamespace()
    {
        Name = "ill-" + Guid.NewGuid().ToString("N")[..8];
        Run("ip", "netns", "add", Name);
        try
        {
            Ip("link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    public void Ip(params string[] args) => Run("ip", ["-n", Name, .. args]);

    /// <summary>Runs <paramref name="action"/> on a fresh thread moved into the namespace: sockets it creates belong there
    /// for their whole life, whichever thread uses them later.</summary>
    public T In<T>(Func<T> action)
    {
        T? result = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                if (SetNs(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns {Name} failed: errno {Marshal.GetLastPInvokeError()}");
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
        return error is null ? result! : throw new InvalidOperationException($"in namespace {Name}: {error.Message}", error);
    }

    public void Dispose() => RunQuiet("ip", "netns", "del", Name);

    private static void Run(string file, params string[] args)
    {
        var (code, error) = RunQuiet(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {error}");
        }
    }

    private static (int Code, string Error) RunQuiet(string file, params string[] args)
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

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}
