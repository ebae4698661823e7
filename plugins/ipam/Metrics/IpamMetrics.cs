using System.Diagnostics.Metrics;
using Ingot.Sdk.Allocation;

namespace Ingot.Plugins.Ipam.Metrics;

/// <summary>
/// MetalLB's allocator gauges, with MetalLB's names, help text and <c>pool</c> label, observed from the latest allocation.
/// </summary>
internal sealed class IpamMetrics : IDisposable
{
    public const string MeterName = "Ingot.Plugins.Ipam";

    private readonly Meter _meter;

    private readonly bool _ownsMeter;
    private volatile IReadOnlyList<PoolUsage> _pools = [];

    public IpamMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Gauge("metallb_allocator_addresses_total", "Number of usable IP addresses, per pool", p => p.Total);
        Gauge("metallb_allocator_ipv4_addresses_total", "Number of usable IPV4 addresses, per pool", p => p.TotalIPv4);
        Gauge("metallb_allocator_ipv6_addresses_total", "Number of usable IPV6 addresses, per pool", p => p.TotalIPv6);
        Gauge("metallb_allocator_addresses_in_use_total", "Number of IP addresses in use, per pool", p => p.InUse);
        Gauge("metallb_allocator_ipv4_addresses_in_use_total", "Number of IPV4 addresses in use, per pool", p => p.InUseIPv4);
        Gauge("metallb_allocator_ipv6_addresses_in_use_total", "Number of IPV6 addresses in use, per pool", p => p.InUseIPv6);
    }

    /// <summary>Replaces the counts the gauges report; pools no longer configured disappear from the series.</summary>
    public void Publish(IReadOnlyList<PoolUsage> pools) => _pools = pools;

    public Meter Meter => _meter;

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void Gauge(string name, string help, Func<PoolUsage, long> value)
        => _meter.CreateObservableGauge(name, () => Observe(value), unit: null, description: help);

    private IEnumerable<Measurement<long>> Observe(Func<PoolUsage, long> value)
    {
        var pools = _pools;
        var measurements = new Measurement<long>[pools.Count];
        for (var i = 0; i < pools.Count; i++)
        {
            measurements[i] = new Measurement<long>(value(pools[i]), new KeyValuePair<string, object?>("pool", pools[i].Pool));
        }

        return measurements;
    }
}
