using System.Diagnostics.Metrics;

namespace Ingot.Plugins.FileSource.Tests;

/// <summary>Reads one meter's instruments through a real <see cref="MeterListener"/>, as the host does.</summary>
internal sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counters = [];
    private readonly Dictionary<string, long> _gauges = [];
    private readonly Lock _lock = new();

    public MetricsProbe(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    public long Counter(string name)
    {
        lock (_lock)
        {
            return _counters.GetValueOrDefault(name);
        }
    }

    public long Gauge(string name)
    {
        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            return _gauges.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"{name} was never observed");
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value)
    {
        lock (_lock)
        {
            if (instrument.GetType().Name.StartsWith("Observable", StringComparison.Ordinal))
            {
                _gauges[instrument.Name] = value;
            }
            else
            {
                _counters[instrument.Name] = _counters.GetValueOrDefault(instrument.Name) + value;
            }
        }
    }
}
