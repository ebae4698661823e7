using System.Diagnostics.Metrics;
using System.Net;
using Ingot.Plugins.L2.Codec;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>The speaker's bookkeeping with in-memory interfaces: which responders exist, what they answer for, when
/// gratuitous rounds go out. The libpcap side is exercised in the network-namespace lab tests.</summary>
public sealed class L2SpeakerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLinks _links = new();
    private readonly FakeResponderFactory _factory = new();
    private readonly L2Metrics _metrics = new();
    private readonly FencingMembership _membership = new();

    public void Dispose() => _metrics.Dispose();

    private static LinkInfo Link(string name, bool up = true) => new()
    {
        Name = name,
        Index = name.Length,
        Mac = new MacAddress(0x0200_0000_0000UL | (uint)name.GetHashCode(StringComparison.Ordinal) & 0xFFFF),
        IsUp = up,
        IsBroadcast = true,
    };

    private static Dictionary<IPAddress, AnnouncedAddress> Addresses(params (string Ip, string[] Interfaces)[] items)
        => items.ToDictionary(i => IPAddress.Parse(i.Ip), i => new AnnouncedAddress(IPAddress.Parse(i.Ip), i.Interfaces, [new ServiceKey("default", "web")]));

    private L2Speaker Speaker(TimeSpan refresh = default)
        => new(_links, _factory, new L2Options { RefreshInterval = refresh }, _metrics, _membership, _time, NullLogger<L2Speaker>.Instance);

    [Fact]
    public void Update_NewAddress_ResponderOnEligibleInterfacesAndImmediateGratuitous()
    {
        _links.Current = [Link("eth0"), Link("eth1"), Link("lo"), Link("veth12"), Link("eth2", up: false)];
        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        Assert.Equal(["eth0", "eth1"], speaker.ActiveInterfaces);
        Assert.All(_factory.Opened.Values, r => Assert.Equal(["192.0.2.200"], r.Gratuitous));
        Assert.True(_factory.Opened["eth0"].Table!.V4.ContainsKey(0xC000_02C8));
    }

    [Fact]
    public void Update_AdvertisementInterfaces_OnlyThose()
    {
        _links.Current = [Link("eth0"), Link("eth1")];
        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", ["eth1"]), ("2001:db8::c8", ["eth0"])));
        Assert.Equal(["eth0", "eth1"], speaker.ActiveInterfaces);
        Assert.Single(_factory.Opened["eth1"].Table!.V4);
        Assert.Empty(_factory.Opened["eth1"].Table!.V6);
        Assert.Single(_factory.Opened["eth0"].Table!.V6);
    }

    [Fact]
    public void Fenced_WithholdsGratuitous_ReannounceAfterwardsSendsAFreshBurst()
    {
        _links.Current = [Link("eth0")];
        using var speaker = Speaker();
        _membership.Fenced = true;
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        GratuitousSchedulerTests.Step(_time, TimeSpan.FromSeconds(30));
        Assert.Empty(_factory.Opened["eth0"].Gratuitous);

        _membership.Fenced = false;
        speaker.Reannounce();
        GratuitousSchedulerTests.Step(_time, TimeSpan.FromSeconds(30));
        Assert.Equal(5, _factory.Opened["eth0"].Gratuitous.Count);
    }

    [Fact]
    public void Update_Burst_FiveRoundsThenQuiet()
    {
        _links.Current = [Link("eth0")];
        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        for (var i = 0; i < 200; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(5, _factory.Opened["eth0"].Gratuitous.Count);
    }

    [Fact]
    public void Update_SameAddressAgain_NoNewBurst()
    {
        _links.Current = [Link("eth0")];
        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        GratuitousSchedulerTests.Step(_time, TimeSpan.FromSeconds(30));
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        GratuitousSchedulerTests.Step(_time, TimeSpan.FromSeconds(30));
        Assert.Equal(5, _factory.Opened["eth0"].Gratuitous.Count);
    }

    [Fact]
    public void Update_Withdrawn_ResponderClosedAndBurstStops()
    {
        _links.Current = [Link("eth0")];
        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        var responder = _factory.Opened["eth0"];
        speaker.Update("node-a", new Dictionary<IPAddress, AnnouncedAddress>());
        GratuitousSchedulerTests.Step(_time, TimeSpan.FromSeconds(10));
        Assert.True(responder.Disposed);
        Assert.Single(responder.Gratuitous);
        Assert.Empty(speaker.ActiveInterfaces);
    }

    [Fact]
    public void Rescan_InterfaceAppears_ResponderOpenedAndBurstThere()
    {
        _links.Current = [Link("eth0")];
        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        _links.Current = [Link("eth0"), Link("eth1")];
        _time.Advance(L2Speaker.RescanInterval);
        Assert.Equal(["eth0", "eth1"], speaker.ActiveInterfaces);
        Assert.NotEmpty(_factory.Opened["eth1"].Gratuitous);
    }

    [Fact]
    public void Rescan_InterfaceGoesDown_ResponderClosed()
    {
        _links.Current = [Link("eth0"), Link("eth1")];
        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        _links.Current = [Link("eth0"), Link("eth1", up: false)];
        _time.Advance(L2Speaker.RescanInterval);
        Assert.Equal(["eth0"], speaker.ActiveInterfaces);
        Assert.True(_factory.Opened["eth1"].Disposed);
    }

    [Fact]
    public void Refresh_Configured_RoundsKeepComing()
    {
        _links.Current = [Link("eth0")];
        using var speaker = Speaker(refresh: TimeSpan.FromSeconds(30));
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        for (var i = 0; i < 95; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(5 + 3, _factory.Opened["eth0"].Gratuitous.Count);
    }

    [Fact]
    public void Dispose_ClosesEveryResponder()
    {
        _links.Current = [Link("eth0"), Link("eth1")];
        var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        speaker.Dispose();
        Assert.All(_factory.Opened.Values, r => Assert.True(r.Disposed));
    }

    [Fact]
    public void Update_OpenFails_OtherInterfacesStillServed()
    {
        _links.Current = [Link("eth0"), Link("eth1")];
        _factory.Failing.Add("eth0");
        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        Assert.Equal(["eth1"], speaker.ActiveInterfaces);
    }

    [Fact]
    public void Update_Announced_GaugeAndCounterReportMetalLbSeries()
    {
        _links.Current = [Link("eth0")];
        var gauges = new List<(string Name, long Value, Dictionary<string, object?> Tags)>();
        var counters = new List<(string Name, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (ReferenceEquals(i.Meter, _metrics.Meter))
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
        {
            var entry = (i.Name, v, tags.ToArray().ToDictionary(t => t.Key, t => t.Value));
            (i is ObservableGauge<long> ? gauges : counters).Add(entry);
        });
        listener.Start();

        using var speaker = Speaker();
        speaker.Update("node-a", Addresses(("192.0.2.200", [])));
        listener.RecordObservableInstruments();

        var g = Assert.Single(gauges);
        Assert.Equal("metallb_speaker_announced", g.Name);
        Assert.Equal(1, g.Value);
        Assert.Equal("default/web", g.Tags["service"]);
        Assert.Equal("layer2", g.Tags["protocol"]);
        Assert.Equal("node-a", g.Tags["node"]);
        Assert.Equal("192.0.2.200", g.Tags["ip"]);
        var c = Assert.Single(counters);
        Assert.Equal("metallb_layer2_gratuitous_sent", c.Name);
        Assert.Equal(2, c.Value); // ARP request + reply on one interface
    }
}
