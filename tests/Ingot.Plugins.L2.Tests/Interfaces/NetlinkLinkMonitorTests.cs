using System.Diagnostics;

namespace Ingot.Plugins.L2.Interfaces.Tests;

/// <summary>
/// The rtnetlink listener against the real kernel, in a network namespace of its own (prefix <c>ill-</c>) holding one
/// veth pair: nothing here sees or touches the machine's interfaces, and Dispose deletes the namespace (and the veths
/// with it) also when a test fails.
/// </summary>
public sealed class NetlinkLinkMonitorTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly IllNamespace _ns = new();
    private readonly NetlinkLinkMonitor _monitor = new();
    private readonly List<LinkEvent> _events = [];

    public NetlinkLinkMonitorTests()
    {
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
        _ns.Dispose();
    }

    [Fact]
    public void VethDownAndUp_EventsFollowTheKernel()
    {
        _ns.Ip("link", "add", "ill0", "type", "veth", "peer", "name", "ill1");
        Assert.True(_ns.In(_monitor.Start));

        // The start-up dump reports what exists already.
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: false }, "ill0 in the initial dump, down");

        _ns.Ip("link", "set", "ill1", "up");
        _ns.Ip("link", "set", "ill0", "up");
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: true, OperState: OperState.Up }, "ill0 up and running");

        // The peer going down takes the carrier away: still administratively up, no longer running.
        _ns.Ip("link", "set", "ill1", "down");
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: false, OperState: OperState.LowerLayerDown } e && (e.Flags & LinkEvent.IffUp) != 0, "ill0 lower layer down");

        _ns.Ip("link", "set", "ill1", "up");
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: true }, "ill0 up again");

        _ns.Ip("link", "set", "ill0", "down");
        WaitFor(() => _monitor.Find("ill0") is { IsOperational: false } e && (e.Flags & LinkEvent.IffUp) == 0, "ill0 set down");

        _ns.Ip("link", "del", "ill0");
        WaitFor(() => _monitor.Find("ill0") is null && Seen(e => e.Name == "ill0" && e.Deleted), "ill0 deleted");
        Assert.Equal(0, _monitor.Dropped);
    }

    [Fact]
    public void Start_Twice_OneListener()
    {
        Assert.True(_ns.In(_monitor.Start));
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
}
