using System.Diagnostics.Metrics;
using Ingot.Plugins.Ipam.Metrics;
using Ingot.Sdk.Cluster;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests.Metrics;

public class IpamMetricsTests
{
    [Fact]
    public void Observe_AfterAllocate_ReportsMetalLbGaugesPerPool()
    {
        using var metrics = new IpamMetrics();
        var allocator = new MetalLbAllocator(new IpamOptions(), metrics);
        allocator.Allocate(State([Pool("first", "192.0.2.0/24", "2001:db8::/64")],
            Service("default/a"), Service("default/b").Dual(IpFamilyPolicy.RequireDualStack)));

        var seen = new List<(string Name, string? Help, long Value, string? Pool)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, instrument.Description, value, tags.ToArray().Single(t => t.Key == "pool").Value as string)));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Contains(("metallb_allocator_addresses_total", "Number of usable IP addresses, per pool", long.MaxValue, "first"), seen);
        Assert.Contains(("metallb_allocator_ipv4_addresses_total", "Number of usable IPV4 addresses, per pool", 256L, "first"), seen);
        Assert.Contains(("metallb_allocator_ipv6_addresses_total", "Number of usable IPV6 addresses, per pool", long.MaxValue, "first"), seen);
        Assert.Contains(("metallb_allocator_addresses_in_use_total", "Number of IP addresses in use, per pool", 3L, "first"), seen);
        Assert.Contains(("metallb_allocator_ipv4_addresses_in_use_total", "Number of IPV4 addresses in use, per pool", 2L, "first"), seen);
        Assert.Contains(("metallb_allocator_ipv6_addresses_in_use_total", "Number of IPV6 addresses in use, per pool", 1L, "first"), seen);
        Assert.Equal(6, seen.Count);
        Assert.Equal("Ingot.Plugins.Ipam", metrics.Meter.Name);
    }

    [Fact]
    public void Observe_PoolRemoved_DisappearsFromSeries()
    {
        using var metrics = new IpamMetrics();
        var allocator = new MetalLbAllocator(new IpamOptions(), metrics);
        allocator.Allocate(State([Pool("old", "192.0.2.0/24")]));
        allocator.Allocate(State([Pool("new", "198.51.100.0/24")]));

        var pools = new HashSet<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => pools.Add(tags.ToArray().Single().Value as string));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(["new"], pools);
    }
}
