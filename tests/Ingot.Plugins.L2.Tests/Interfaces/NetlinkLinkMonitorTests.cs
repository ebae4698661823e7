using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ingot.Plugins.L2.Interfaces.Tests;

/// <summary>
/// The rtnetlink listener against the real kernel, in a network namespace of its own (prefix <c>ill-</c>) holding one
/// veth pair: nothing here sees or touches the machine's interfaces, and Dispose deletes the namespace (and the veths
/// with it) also when a test fails.
/// </summary>
public sealed class NetlinkLinkMonitorTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly string _ns = "ill-" + Guid.NewGuid().ToString("N")[..8];
    private readonly NetlinkLinkMonitor _monitor = new();
    private readonly List<LinkEvent> _events = [];

    public NetlinkLinkMonitorTests()
    {
        Run("ip", "netns", "add", _ns);
        _monitor.Changed += e =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        };
    }

    public void Dispose()
    {
        _monitor.Dispose();
        RunQuiet("ip", "netns", "del", _ns);
    }

    [Fact]
    public void VethDownAndUp_EventsFollowTheKernel()
    {
        Ip("link", "add", "ill0", "type", "veth", "peer", "name", "ill1");
        Assert.True(InNamespace(_monitor.Start));

        // The start-up dump reports what exists already.
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: false }, "ill0 in the initial dump, down");

        Ip("link", "set", "ill1", "up");
        Ip("link", "set", "ill0", "up");
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: true, OperState: OperState.Up }, "ill0 up and running");

        // The peer going down takes the carrier away: still administratively up, no longer running.
        Ip("link", "set", "ill1", "down");
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: false, OperState: OperState.LowerLayerDown } e && (e.Flags & LinkEvent.IffUp) != 0, "ill0 lower layer down");

        Ip("link", "set", "ill1", "up");
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: true }, "ill0 up again");

        Ip("link", "set", "ill0", "down");
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: false } e && (e.Flags & LinkEvent.IffUp) == 0, "ill0 set down");

        Ip("link", "del", "ill0");
        WaitFor(() => _monitor.Find("ill0") is null && Seen(e => e.Name == "ill0" && e.Deleted), "ill0 deleted");
        Assert.Equal(0, _monitor.Dropped);
    }

    [Fact]
    public void Start_Twice_OneListener()
    {
        Assert.True(InNamespace(_monitor.Start));
        Assert.True(_monitor.Start());
        WaitFor(() => _monitor.Find("lo") is not null, "lo in the initial dump");
    }

    private bool Seen(Func<LinkEvent, bool> match)
    {
        lock (_events)
        {
            return _events.Any(match);
        }
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline)
            {
                Assert.Fail($"not seen within {Deadline.TotalSeconds} s: {what}");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Runs <paramref name="action"/> on a thread moved into the test's namespace, so the netlink socket it opens
    /// belongs there for its whole life.</summary>
    private T InNamespace<T>(Func<T> action)
    {
        T? result = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{_ns}");
                if (SetNs(handle.DangerousGetHandle().ToInt32(), 0x40000000) != 0)
                {
                    throw new InvalidOperationException($"setns {_ns} failed: errno {Marshal.GetLastPInvokeError()}");
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
        return error is null ? result! : throw new InvalidOperationException(error.Message, error);
    }

    private void Ip(params string[] args) => Run("ip", ["-n", _ns, .. args]);

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
