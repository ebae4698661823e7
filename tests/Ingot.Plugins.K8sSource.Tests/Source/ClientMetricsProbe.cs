using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ingot.Plugins.K8sSource.Tests.Source;

/// <summary>Reads one source's MetalLB client metrics the way the host's MeterListener does (only that meter).</summary>
internal sealed class ClientMetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _values = new();

    public ClientMetricsProbe(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.IsObservable)
            {
                _values[instrument.Name] = value;
            }
            else
            {
                _values.AddOrUpdate(instrument.Name, value, (_, old) => old + value);
            }
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _values[instrument.Name] = value);
        _listener.Start();
    }

    /// <summary>The gauge's current value or the counter's total since the probe started; -1 when never reported.</summary>
    public long Read(string name)
    {
        _listener.RecordObservableInstruments();
        return _values.TryGetValue(name, out var v) ? v : -1;
    }

    public void Dispose() => _listener.Dispose();
}
