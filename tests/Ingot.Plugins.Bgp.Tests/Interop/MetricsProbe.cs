using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ingot.Plugins.Bgp.Metrics;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>Reads the bgp plugin's instruments the way the host's MeterListener does.</summary>
internal sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _values = new();

    public MetricsProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BgpMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var peer = string.Empty;
            foreach (var t in tags)
            {
                if (t.Key == "peer")
                {
                    peer = t.Value?.ToString() ?? string.Empty;
                }
            }

            var key = $"{instrument.Name}{{peer={peer}}}";
            if (instrument is ObservableGauge<long>)
            {
                _values[key] = value;
            }
            else
            {
                _values.AddOrUpdate(key, value, (_, old) => old + value);
            }
        });
        _listener.Start();
    }

    public long Read(string name, string peer)
    {
        _listener.RecordObservableInstruments();
        return _values.TryGetValue($"{name}{{peer={peer}}}", out var v) ? v : -1;
    }

    public void Dispose() => _listener.Dispose();
}
