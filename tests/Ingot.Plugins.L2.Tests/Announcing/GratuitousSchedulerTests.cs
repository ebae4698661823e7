using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.L2.Announcing.Tests;

public class GratuitousSchedulerTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.200");

    [Fact]
    public void Trigger_Burst_FiveRoundsAt0To4Point4Seconds()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var rounds = new List<TimeSpan>();
        using var scheduler = new GratuitousScheduler(time, _ => rounds.Add(time.GetUtcNow() - start));
        scheduler.Trigger(Vip);
        for (var i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromMilliseconds(1100), TimeSpan.FromMilliseconds(2200), TimeSpan.FromMilliseconds(3300), TimeSpan.FromMilliseconds(4400)],
            rounds);
    }

    [Fact]
    public void Trigger_AgainDuringBurst_ExtendsWindowWithoutExtraImmediateRound()
    {
        var time = new FakeTimeProvider();
        var count = 0;
        using var scheduler = new GratuitousScheduler(time, _ => count++);
        scheduler.Trigger(Vip);
        time.Advance(TimeSpan.FromMilliseconds(1100)); // round 2
        scheduler.Trigger(Vip); // window now ends at 6.1 s
        Assert.Equal(2, count);
        for (var i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(6, count); // 0, 1.1, 2.2, 3.3, 4.4, 5.5
    }

    [Fact]
    public void Cancel_DuringBurst_StopsRounds()
    {
        var time = new FakeTimeProvider();
        var count = 0;
        using var scheduler = new GratuitousScheduler(time, _ => count++);
        scheduler.Trigger(Vip);
        time.Advance(TimeSpan.FromMilliseconds(1100));
        scheduler.Cancel(Vip);
        Step(time, TimeSpan.FromSeconds(10));
        Assert.Equal(2, count);
    }

    [Fact]
    public void Trigger_TwoAddresses_ShareTheTickerEachWithinItsWindow()
    {
        var time = new FakeTimeProvider();
        var seen = new List<IPAddress>();
        using var scheduler = new GratuitousScheduler(time, seen.Add);
        scheduler.Trigger(Vip);
        time.Advance(TimeSpan.FromMilliseconds(500));
        scheduler.Trigger(IPAddress.Parse("2001:db8::c8"));
        Step(time, TimeSpan.FromSeconds(10));
        Assert.Equal(5, seen.Count(a => a.Equals(Vip)));

        // One shared ticker (as MetalLB's): the second address goes out at once (0.5 s) and then on the ticks at 1.1, 2.2,
        // 3.3, 4.4 and 5.5 s, all inside its window that ends at 5.5 s.
        Assert.Equal(6, seen.Count(a => !a.Equals(Vip)));
    }

    /// <summary>Moves time forward in 100 ms steps, the way a clock does, so a periodic timer sees each of its ticks.</summary>
    internal static void Step(FakeTimeProvider time, TimeSpan total)
    {
        for (var t = TimeSpan.Zero; t < total; t += TimeSpan.FromMilliseconds(100))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
    }
}
