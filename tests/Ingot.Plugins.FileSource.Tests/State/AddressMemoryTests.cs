using System.Collections.Immutable;
using System.Net;
using Ingot.Plugins.FileSource.State;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.FileSource.Tests.State;

/// <summary>The grace-period rule, as a pure function of the state before and after a status write.</summary>
public class AddressMemoryTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_grace = TimeSpan.FromMinutes(10);
    private static readonly ServiceKey s_web = new("default", "web");
    private static readonly ServiceKey s_api = new("default", "api");

    private static StateEntry Entry(string address) => new([IPAddress.Parse(address)], "p");

    private static ImmutableSortedDictionary<ServiceKey, StateEntry> Assignments(params (ServiceKey Key, string Address)[] entries)
        => entries.ToImmutableSortedDictionary(e => e.Key, e => Entry(e.Address));

    private static StateContents Before(ImmutableSortedDictionary<ServiceKey, StateEntry> assignments, params (ServiceKey Key, string Address, DateTimeOffset At)[] released)
        => new(assignments, released.ToImmutableSortedDictionary(r => r.Key, r => new ReleasedEntry(Entry(r.Address), r.At)));

    [Fact]
    public void Next_ServiceGone_RemembersItsAddressesFromNow()
    {
        var next = AddressMemory.Next(Before(Assignments((s_web, "192.0.2.1"), (s_api, "192.0.2.2"))), Assignments((s_api, "192.0.2.2")), new HashSet<ServiceKey> { s_api }, s_now, s_grace);

        Assert.Equal(new ReleasedEntry(Entry("192.0.2.1"), s_now), Assert.Single(next).Value);
    }

    [Fact]
    public void Next_ServiceStillPresentWithoutAddress_IsNotRemembered()
    {
        // Present but unassigned: its address stopped being valid (pool removed, other addresses requested), not a departure.
        var next = AddressMemory.Next(Before(Assignments((s_web, "192.0.2.1"))), Assignments(), new HashSet<ServiceKey> { s_web }, s_now, s_grace);

        Assert.Empty(next);
    }

    [Fact]
    public void Next_GracePeriodOver_Forgets()
    {
        var before = Before(Assignments(), (s_web, "192.0.2.1", s_now - s_grace), (s_api, "192.0.2.2", s_now - s_grace + TimeSpan.FromSeconds(1)));

        var next = AddressMemory.Next(before, Assignments(), new HashSet<ServiceKey>(), s_now, s_grace);

        Assert.Equal([s_api], next.Keys);
    }

    [Fact]
    public void Next_ServiceBackOrAddressTakenByAnother_Forgets()
    {
        var other = new ServiceKey("default", "other");
        var before = Before(Assignments(), (s_web, "192.0.2.1", s_now), (s_api, "192.0.2.2", s_now));

        var next = AddressMemory.Next(before, Assignments((s_web, "192.0.2.1"), (other, "192.0.2.2")), new HashSet<ServiceKey> { s_web, other }, s_now, s_grace);

        Assert.Empty(next);
    }

    [Fact]
    public void Next_ZeroGrace_RemembersNothing()
    {
        var next = AddressMemory.Next(Before(Assignments((s_web, "192.0.2.1"))), Assignments(), new HashSet<ServiceKey>(), s_now, TimeSpan.Zero);

        Assert.Empty(next);
    }
}
