using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.L2.Membership;
using Ingot.Plugins.L2.Membership.Wire;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>
/// Three real <see cref="MembershipService"/>s in three network namespaces on one bridge. Every wait is on the
/// <see cref="MembershipService.Changed"/> event with a generous timeout: nothing here asserts how fast.
/// </summary>
public sealed class MembershipServiceLanTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly byte[] Secret = "0123456789abcdef-membership-test"u8.ToArray();
    private readonly MembershipLan _lan = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _lan.Dispose();
    }

    [Fact]
    public async Task ThreeServices_Ipv4_SeeEachOtherAlive_ThenDisposedOneDead()
    {
        var services = StartAll(MembershipLan.V4, Fast);

        foreach (var node in MembershipLan.Nodes)
        {
            await WaitFor(services[node], s => AllAlive(s, node));
        }

        services["c"].Dispose();
        await WaitFor(services["a"], s => s.Members["c"].State == MemberState.Dead);
        await WaitFor(services["b"], s => s.Members["c"].State == MemberState.Dead);
        Assert.Equal(MemberState.Alive, services["a"].Current.Members["b"].State);
    }

    [Fact]
    public async Task ThreeServices_Ipv6_SeeEachOtherAlive()
    {
        var services = StartAll(MembershipLan.V6, Fast);

        foreach (var node in MembershipLan.Nodes)
        {
            // Alive comes first; quorum follows once each side has heard the other hear it (two-way contact).
            var s = await WaitFor(services[node], s => AllAlive(s, node) && s.HasQuorum);
            Assert.Equal(MembershipMode.Active, s.Mode);
            Assert.False(s.Fenced);
        }
    }

    [Fact]
    public async Task LeaveAsync_OthersSeeLeft()
    {
        var services = StartAll(MembershipLan.V4, Fast);
        await WaitFor(services["a"], s => AllAlive(s, "a"));
        await WaitFor(services["b"], s => AllAlive(s, "b"));

        await services["b"].LeaveAsync(CancellationToken.None);

        await WaitFor(services["a"], s => s.Members["b"].State == MemberState.Left);
        await WaitFor(services["c"], s => s.Members["b"].State == MemberState.Left);
    }

    [Fact]
    public async Task ClosedPort_PeerDeadThroughIcmp_BeforeItsDetectionTime()
    {
        // A detection time of 10 minutes: within the wait only the ICMP port-unreachable can make c dead.
        var slow = new MembershipOptions { KeyFile = "unused", Interval = TimeSpan.FromMilliseconds(200), Multiplier = 3000 };
        var services = StartAll(MembershipLan.V4, slow);
        await WaitFor(services["a"], s => AllAlive(s, "a"));

        services["c"].Dispose();

        await WaitFor(services["a"], s => s.Members["c"].State == MemberState.Dead);
        Assert.Equal(MemberState.Alive, services["a"].Current.Members["b"].State);
    }

    [Fact]
    public async Task ForgedAndReplayedDatagrams_DroppedAndCountedByReason()
    {
        using var counts = new DropCounts();
        var peers = MembershipLan.Nodes.ToImmutableDictionary(n => n, MembershipLan.V4);
        var metrics = Own(new MembershipMetrics());

        // b is no service but a plain socket on the membership port, catching what a signs and sends to b.
        using var spy = _lan.In("b", () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, MembershipOptions.DefaultPort));
            return socket;
        });
        var a = Own(_lan.In("a", () =>
        {
            var s = new MembershipService(Fast, new MembershipKey(Secret), metrics);
            s.SetPeers("a", peers);
            return s;
        }));
        var buffer = new byte[MembershipCodec.MaxDatagram];
        var length = await spy.ReceiveAsync(buffer).WaitAsync(Generous);
        var captured = buffer[..length];
        var forged = (byte[])captured.Clone();
        forged[^1] ^= 0xFF;

        // a's own datagram reflected back is a replay; a flipped MAC byte fails authentication; junk is malformed.
        var target = new EndPoint[] { new IPEndPoint(MembershipLan.V4("a"), MembershipOptions.DefaultPort) };
        await spy.SendToAsync(captured, target[0]);
        await spy.SendToAsync(captured, target[0]);
        await spy.SendToAsync(forged, target[0]);
        await spy.SendToAsync("not a membership datagram"u8.ToArray(), target[0]);

        await counts.WaitFor(c => c.Get("replay") >= 2 && c.Get("authentication") >= 1 && c.Get("malformed") >= 1, Generous);
        Assert.NotEqual(MemberState.Alive, a.Current.Members["b"].State);
    }

    [Fact]
    public async Task NoPeerListening_Fallback_GaugeSet()
    {
        using var listener = new GaugeReader("ingot_membership_fallback");
        // The peers' addresses are on the LAN but nothing is there: no heartbeat, no ICMP, never heard.
        var peers = new Dictionary<string, IPAddress> { ["x"] = IPAddress.Parse("192.0.2.201"), ["y"] = IPAddress.Parse("192.0.2.202") };
        var metrics = Own(new MembershipMetrics());
        var logger = new ListLogger();
        var service = _lan.In("a", () =>
        {
            var s = new MembershipService(Fast, new MembershipKey(Secret), metrics, logger: logger);
            s.SetPeers("a", peers);
            return s;
        });
        Own(service);

        var snapshot = await WaitFor(service, s => s.Mode == MembershipMode.Fallback);
        Assert.False(snapshot.Fenced);
        Assert.True(service.MayAnswer());
        Assert.Equal(1, listener.Read());
        var warning = Assert.Single(logger.Warnings, w => w.Contains("falling back", StringComparison.Ordinal));
        Assert.Contains("UDP port 7946", warning, StringComparison.Ordinal);
    }

    private static MembershipOptions Fast => new() { KeyFile = "unused", Interval = TimeSpan.FromMilliseconds(50), Multiplier = 4, HoldDown = TimeSpan.Zero };

    private static bool AllAlive(MembershipSnapshot s, string self)
        => s.Members.Count == MembershipLan.Nodes.Length - 1 && s.Members.Values.All(m => m.State == MemberState.Alive) && s.Self == self;

    private Dictionary<string, MembershipService> StartAll(Func<string, IPAddress> address, MembershipOptions options)
    {
        var peers = MembershipLan.Nodes.ToImmutableDictionary(n => n, address);
        var metrics = Own(new MembershipMetrics());
        var services = new Dictionary<string, MembershipService>();
        foreach (var node in MembershipLan.Nodes)
        {
            services[node] = Own(_lan.In(node, () =>
            {
                var s = new MembershipService(options, new MembershipKey(Secret), metrics);
                s.SetPeers(node, peers);
                return s;
            }));
        }

        return services;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static async Task<MembershipSnapshot> WaitFor(IMembership service, Func<MembershipSnapshot, bool> condition)
    {
        var done = new TaskCompletionSource<MembershipSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(MembershipSnapshot s)
        {
            if (condition(s))
            {
                done.TrySetResult(s);
            }
        }

        service.Changed += OnChanged;
        try
        {
            var now = service.Current;
            if (condition(now))
            {
                return now;
            }

            return await done.Task.WaitAsync(Generous);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"condition not reached within {Generous}; last snapshot: {Describe(service.Current)}");
        }
        finally
        {
            service.Changed -= OnChanged;
        }
    }

    private static string Describe(MembershipSnapshot s)
        => $"{s.Mode} self={s.Self} quorum={s.HasQuorum} " + string.Join(", ", s.Members.Values.Select(m => $"{m.Node}={m.State}"));
}
