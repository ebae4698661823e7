using System.Diagnostics.Metrics;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>Reads one observable gauge of the l2 meter through a real <see cref="MeterListener"/>.</summary>
public sealed class GaugeReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _last;

    public GaugeReader(string name)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == L2Metrics.MeterName && instrument.Name == name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Exchange(ref _last, value));
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Exchange(ref _last, value));
        _listener.Start();
    }

    public long Read()
    {
        _listener.RecordObservableInstruments();
        return Interlocked.Read(ref _last);
    }

    public void Dispose() => _listener.Dispose();
}
