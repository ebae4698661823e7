using Ingot.Plugins.L2.Membership;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>
/// Many <see cref="MembershipCore"/>s on one <see cref="FakeTimeProvider"/>, joined by a simulated network with a fixed
/// latency and a link filter: a discrete-event simulation, deterministic for a given seed. Nodes can crash, pause,
/// resume and restart. Each node ticks at its own random phase of the heartbeat interval, as real speakers do.
/// </summary>
internal sealed class SimulatedCluster
{
    private readonly PriorityQueue<Action, (long At, long Order)> _events = new();
    private readonly Random _random;
    private readonly bool _refreshOnReceive;
    private long _order;

    public SimulatedCluster(IEnumerable<string> names, MembershipCoreSettings settings, int seed = 1, bool refreshOnReceive = true)
    {
        Settings = settings;
        _random = new Random(seed);
        _refreshOnReceive = refreshOnReceive;
        Names = [.. names];
        foreach (var name in Names)
        {
            Nodes[name] = Start(name);
        }
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    public MembershipCoreSettings Settings { get; }

    public IReadOnlyList<string> Names { get; }

    public Dictionary<string, SimulatedNode> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>One-way delivery delay.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Whether a datagram from the first node reaches the second; everything arrives by default.</summary>
    public Func<string, string, bool> Link { get; set; } = (_, _) => true;

    /// <summary>Called after a node's core changed (a <see cref="MembershipCore.Refresh"/> that returned true).</summary>
    public Action<SimulatedNode>? Changed { get; set; }

    public MembershipCore this[string name] => Nodes[name].Core;

    /// <summary>Runs every event due within <paramref name="duration"/>, then leaves the clock at its end.</summary>
    public void Run(TimeSpan duration) => RunUntil(Time.GetUtcNow() + duration, () => false);

    /// <summary>Runs until <paramref name="done"/> holds after an event or <paramref name="limit"/> of simulated time has
    /// passed; returns whether it held.</summary>
    public bool RunUntil(TimeSpan limit, Func<bool> done) => RunUntil(Time.GetUtcNow() + limit, done);

    public void Crash(string name) => Nodes[name].Running = false;

    /// <summary>SIGSTOP: nothing runs on the node, its datagrams are lost (a real socket's buffer would hold a few;
    /// those are old by the time it resumes, which the replay window and the clock check handle alike).</summary>
    public void Pause(string name) => Nodes[name].Running = false;

    public void Resume(string name)
    {
        var node = Nodes[name];
        node.Running = true;
        node.Generation = ++_order;
        var generation = node.Generation;
        Refresh(node);
        Schedule(Time.GetUtcNow(), () => Tick(node, generation));
    }

    /// <summary>A new process on the node: a new core with a new, higher incarnation.</summary>
    public SimulatedNode Restart(string name)
    {
        Nodes[name].Running = false;
        var node = Start(name);
        Nodes[name] = node;
        return node;
    }

    /// <summary>SIGTERM: the node sends its leaving messages and stops.</summary>
    public void Leave(string name)
    {
        var node = Nodes[name];
        foreach (var o in node.Core.Leave())
        {
            Send(node, o);
        }

        node.Running = false;
    }

    private SimulatedNode Start(string name)
    {
        var incarnation = MembershipCore.NewIncarnation(Time, _random);
        var core = new MembershipCore(name, incarnation, Settings, Time, new Random(_random.Next()));
        core.SetPeers(Names);
        var generation = ++_order;
        var node = new SimulatedNode(name, core, generation);
        Refresh(node);
        var phase = TimeSpan.FromTicks((long)(_random.NextDouble() * Settings.Interval.Ticks));
        Schedule(Time.GetUtcNow() + phase, () => Tick(node, generation));
        return node;
    }

    private void Tick(SimulatedNode node, long generation)
    {
        if (!node.Running || node.Generation != generation || Nodes[node.Name] != node)
        {
            return;
        }

        // A resumed node gets a fresh tick chain; this one ends.
        node.Generation = ++_order;
        var mine = node.Generation;
        Refresh(node);
        foreach (var o in node.Core.Tick())
        {
            Send(node, o);
        }

        Schedule(Time.GetUtcNow() + Settings.Interval, () => Tick(node, mine));
    }

    /// <summary>Refreshes a node and, as the real shell does, wakes it again at the core's next deadline when that comes
    /// before anything already planned, so detection does not wait for the next tick.</summary>
    internal void Refresh(SimulatedNode node)
    {
        if (node.Core.Refresh())
        {
            Changed?.Invoke(node);
        }

        var deadline = node.Core.NextDeadline;
        if (!_refreshOnReceive || deadline == TimeSpan.MaxValue || deadline >= node.WakeAt)
        {
            return;
        }

        node.WakeAt = deadline;
        Schedule(Time.GetUtcNow() + (deadline - node.Core.Now), () =>
        {
            if (node.WakeAt == deadline)
            {
                node.WakeAt = TimeSpan.MaxValue;
            }

            if (node.Running && Nodes[node.Name] == node)
            {
                Refresh(node);
            }
        });
    }

    private void Send(SimulatedNode from, Outgoing o)
    {
        from.Sent++;
        if (!Link(from.Name, o.Destination))
        {
            return;
        }

        Schedule(Time.GetUtcNow() + Latency, () =>
        {
            if (Nodes.TryGetValue(o.Destination, out var to) && to.Running)
            {
                to.Received++;
                to.Core.Receive(o.Message);
                if (_refreshOnReceive)
                {
                    Refresh(to);
                }
            }
        });
    }

    private void Schedule(DateTimeOffset at, Action action) => _events.Enqueue(action, (at.UtcTicks, ++_order));

    private bool RunUntil(DateTimeOffset end, Func<bool> done)
    {
        var checkAt = 0L;
        while (_events.TryPeek(out _, out var key) && key.At <= end.UtcTicks)
        {
            var action = _events.Dequeue();
            var at = new DateTimeOffset(key.At, TimeSpan.Zero);
            if (at > Time.GetUtcNow())
            {
                Time.SetUtcNow(at);
            }

            action();

            // Checked once per simulated millisecond: with a thousand nodes a check after every event would cost more
            // than the simulation.
            if (key.At >= checkAt)
            {
                checkAt = key.At + TimeSpan.TicksPerMillisecond;
                if (done())
                {
                    return true;
                }
            }
        }

        if (end > Time.GetUtcNow())
        {
            Time.SetUtcNow(end);
        }

        return done();
    }
}
