using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ingot.Plugins.Bgp.Metrics;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>Reads one <see cref="BgpMetrics"/> instance's instruments the way the host's MeterListener does. Only that
/// instance: tests running in parallel each have their own, under the same meter name.</summary>
internal sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _values = new();
    private readonly ConcurrentDictionary<string, byte> _observed = new();

    public MetricsProbe(BgpMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var pairs = new List<(string, string)>();
            foreach (var t in tags)
            {
                pairs.Add((t.Key, t.Value?.ToString() ?? string.Empty));
            }

            var key = Key(instrument.Name, pairs.ToArray());
            // Observable instruments report their current value (a gauge's level, a counter's running total).
            if (instrument is ObservableGauge<long> or ObservableCounter<long>)
            {
                _values[key] = value;
                _observed[key] = 0;
            }
            else
            {
                _values.AddOrUpdate(key, value, (_, old) => old + value);
            }
        });
        _listener.Start();
    }

    public long Read(string name, string peer) => Read(name, ("peer", peer));

    /// <summary>The value of the series with exactly these tags, or -1 when there is none (an observable instrument's
    /// series that it no longer reports are gone, as the host drops them).</summary>
    public long Read(string name, params (string Key, string Value)[] tags)
    {
        foreach (var key in _observed.Keys)
        {
            _values.TryRemove(key, out _);
        }

        _observed.Clear();
        _listener.RecordObservableInstruments();
        return _values.TryGetValue(Key(name, tags), out var v) ? v : -1;
    }

    private static string Key(string name, (string Key, string Value)[] tags)
        => name + "{" + string.Join(",", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")) + "}";

    public void Dispose() => _listener.Dispose();
}
