using System.Diagnostics;
using System.Net;
using Ingot.Plugins.L2.Interfaces.Tests;
using Ingot.Plugins.L2.Membership;
using Ingot.Plugins.L2.Membership.Wire;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>Change handlers run one at a time, on one thread, and never see an older value after a newer one, however
/// many threads raise at once. Raising straight from each thread (as before) fails every assertion here.</summary>
public class ChangeDispatcherTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void ManyThreadsSignal_HandlerNeverOverlapsNeverGoesBackSeesTheLast()
    {
        long version = 0;
        var probe = new HandlerProbe<long>(v => v);
        using (var dispatcher = new ChangeDispatcher<object>(() => Interlocked.Read(ref version), v => probe.Handle((long)v), "test-dispatch"))
        {
            var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
            {
                for (var i = 0; i < 2000; i++)
                {
                    Interlocked.Increment(ref version);
                    dispatcher.Signal();
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            probe.WaitForLast(() => Interlocked.Read(ref version));
        }

        probe.AssertSerial();
        Assert.Equal(16000, probe.Last);
    }

    [Fact]
    public void HandlerThrows_LaterSignalsStillDelivered()
    {
        var calls = 0;
        using var delivered = new SemaphoreSlim(0);
        using var dispatcher = new ChangeDispatcher<string>(() => "x", _ =>
        {
            delivered.Release();
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("handler bug");
            }
        }, "test-dispatch");
        dispatcher.Signal();
        Assert.True(delivered.Wait(Deadline));
        dispatcher.Signal();
        Assert.True(delivered.Wait(Deadline));
    }

    [Fact]
    public void MembershipService_ConcurrentChanges_HandlersSerialOnOneThread()
    {
        using var ns = new IllNamespace();
        var options = new MembershipOptions { KeyFile = "unused", BindAddress = IPAddress.Loopback, Port = 0, Interval = TimeSpan.FromMilliseconds(50), HoldDown = TimeSpan.Zero };
        using var metrics = new MembershipMetrics();
        using var service = ns.In(() =>
        {
            var s = new MembershipService(options, new MembershipKey("0123456789abcdef-membership-test"u8.ToArray()), metrics);
            s.SetPeers("node-a", new Dictionary<string, IPAddress> { ["node-b"] = IPAddress.Parse("127.0.0.2") });
            return s;
        });
        var probe = new HandlerProbe<MembershipSnapshot>(s => s.Taken.UtcTicks);
        service.Changed += probe.Handle;

        // Every SetLinkDown that changes the value raises; eight threads toggling race each other.
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                service.SetLinkDown((i + t) % 2 == 0);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        service.SetLinkDown(true);
        probe.WaitFor(s => s.SelfLinkDown && ReferenceEquals(s, service.Current));
        service.Changed -= probe.Handle;
        probe.AssertSerial();
    }

    /// <summary>Records overlap, order and threads of handler calls.</summary>
    private sealed class HandlerProbe<T>(Func<T, long> order)
    {
        private readonly Lock _gate = new();
        private readonly HashSet<int> _threads = [];
        private int _inside;
        private bool _overlapped;
        private bool _backwards;
        private long _lastOrder = long.MinValue;
        private T? _last;

        public T? Last
        {
            get
            {
                lock (_gate)
                {
                    return _last;
                }
            }
        }

        public void Handle(T value)
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                _overlapped = true;
            }

            // Widen the window in which a second, concurrent call would be seen.
            Thread.SpinWait(2000);
            lock (_gate)
            {
                _threads.Add(Environment.CurrentManagedThreadId);
                var o = order(value);
                _backwards |= o < _lastOrder;
                _lastOrder = o;
                _last = value;
            }

            Interlocked.Decrement(ref _inside);
        }

        public void WaitForLast(Func<long> expected) => WaitFor(v => order(v) == expected());

        public void WaitFor(Func<T, bool> condition)
        {
            var clock = Stopwatch.StartNew();
            while (Last is not { } last || !condition(last))
            {
                Assert.True(clock.Elapsed < Deadline, "the last change was never delivered");
                Thread.Sleep(5);
            }
        }

        public void AssertSerial()
        {
            lock (_gate)
            {
                Assert.False(_overlapped, "two handler calls overlapped");
                Assert.False(_backwards, "a handler saw an older value after a newer one");
                Assert.Single(_threads);
            }
        }
    }
}
