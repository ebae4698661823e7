using System.Collections.Immutable;
using Ingot.Plugins.Bgp.Codec;
using Ingot.Plugins.Bgp.Transport;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Tests.Transport;

/// <summary>What a sync puts on the wire, planned from what the peer holds and what it should hold.</summary>
public class SyncPlanTests
{
    private static readonly RouteEntry s_plain = RouteEntry.Empty;
    private static readonly RouteEntry s_tagged = new(200, [BgpCommunity.Standard(64512, 7)]);
    private static readonly Dictionary<BgpPrefix, RouteEntry> s_nothing = [];

    [Fact]
    public void Full_FromNothing_GroupsByAttributesAndFamily_Sorted_IPv4First()
    {
        var desired = Desired(("2001:db8::2/128", s_plain), ("192.0.2.20/32", s_tagged), ("192.0.2.10/32", s_plain), ("192.0.2.5/32", s_plain), ("2001:db8::1/128", s_plain));

        var plan = SyncPlan.Create(s_nothing, desired, full: true, ipv4: true, ipv6: true);

        Assert.Empty(plan.Withdraw);
        Assert.Collection(
            plan.Announce,
            g => AssertGroup(g, s_plain, isIPv6: false, "192.0.2.5/32", "192.0.2.10/32"),
            g => AssertGroup(g, s_tagged, isIPv6: false, "192.0.2.20/32"),
            g => AssertGroup(g, s_plain, isIPv6: true, "2001:db8::1/128", "2001:db8::2/128"));
    }

    [Fact]
    public void Incremental_SendsOnlyChanges_WithdrawsWhatWent()
    {
        var sent = new Dictionary<BgpPrefix, RouteEntry>
        {
            [BgpPrefix.Parse("192.0.2.10/32")] = s_plain, // unchanged
            [BgpPrefix.Parse("192.0.2.20/32")] = s_plain, // gains a community
            [BgpPrefix.Parse("192.0.2.30/32")] = s_plain, // goes
            [BgpPrefix.Parse("2001:db8::9/128")] = s_plain, // goes
        };
        var desired = Desired(("192.0.2.10/32", s_plain), ("192.0.2.20/32", s_tagged), ("192.0.2.40/32", s_plain));

        var plan = SyncPlan.Create(sent, desired, full: false, ipv4: true, ipv6: true);

        Assert.Equal([BgpPrefix.Parse("192.0.2.30/32"), BgpPrefix.Parse("2001:db8::9/128")], plan.Withdraw);
        Assert.Collection(
            plan.Announce,
            g => AssertGroup(g, s_tagged, isIPv6: false, "192.0.2.20/32"),
            g => AssertGroup(g, s_plain, isIPv6: false, "192.0.2.40/32"));
    }

    [Fact]
    public void Full_ResendsWhatThePeerHolds()
    {
        var sent = new Dictionary<BgpPrefix, RouteEntry> { [BgpPrefix.Parse("192.0.2.10/32")] = s_plain };

        var plan = SyncPlan.Create(sent, Desired(("192.0.2.10/32", s_plain)), full: true, ipv4: true, ipv6: true);

        AssertGroup(Assert.Single(plan.Announce), s_plain, isIPv6: false, "192.0.2.10/32");
    }

    [Fact]
    public void FamilyThePeerDoesNotSpeak_IsLeftOut()
    {
        var desired = Desired(("192.0.2.10/32", s_plain), ("2001:db8::1/128", s_plain));

        var plan = SyncPlan.Create(s_nothing, desired, full: true, ipv4: true, ipv6: false);

        AssertGroup(Assert.Single(plan.Announce), s_plain, isIPv6: false, "192.0.2.10/32");
    }

    [Fact]
    public void EqualAttributeSets_FromDifferentInstances_ShareOneGroup()
    {
        // The planner builds an entry per prefix: equal content must still pack into the same UPDATEs.
        var desired = Desired(
            ("192.0.2.1/32", new RouteEntry(200, [BgpCommunity.Standard(64512, 7)])),
            ("192.0.2.2/32", s_plain),
            ("192.0.2.3/32", new RouteEntry(200, [BgpCommunity.Standard(64512, 7)])));

        var plan = SyncPlan.Create(s_nothing, desired, full: true, ipv4: true, ipv6: true);

        Assert.Equal(2, plan.Announce.Count);
        AssertGroup(plan.Announce[0], s_tagged, isIPv6: false, "192.0.2.1/32", "192.0.2.3/32");
        AssertGroup(plan.Announce[1], s_plain, isIPv6: false, "192.0.2.2/32");
    }

    [Fact]
    public void NothingDesired_NothingHeld_EmptyPlan()
    {
        var plan = SyncPlan.Create(s_nothing, ImmutableDictionary<BgpPrefix, RouteEntry>.Empty, full: true, ipv4: true, ipv6: true);

        Assert.Empty(plan.Withdraw);
        Assert.Empty(plan.Announce);
    }

    private static ImmutableDictionary<BgpPrefix, RouteEntry> Desired(params (string Prefix, RouteEntry Entry)[] routes)
        => routes.ToImmutableDictionary(r => BgpPrefix.Parse(r.Prefix), r => r.Entry);

    private static void AssertGroup(SyncGroup group, RouteEntry entry, bool isIPv6, params string[] prefixes)
    {
        Assert.Equal(entry, group.Entry);
        Assert.Equal(isIPv6, group.IsIPv6);
        Assert.Equal(prefixes.Select(BgpPrefix.Parse), group.Prefixes);
    }
}
