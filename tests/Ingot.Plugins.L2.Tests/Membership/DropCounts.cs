using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>Sums <c>ingot_membership_messages_dropped_total</c> by reason through a real <see cref="MeterListener"/>.</summary>
public sealed class DropCounts : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();
    private readonly SemaphoreSlim _changed = new(0);

    public DropCounts()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == L2Metrics.MeterName && instrument.Name == "ingot_membership_messages_dropped_total")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && tag.Value is string reason)
                {
                    _counts.AddOrUpdate(reason, value, (_, old) => old + value);
                    _changed.Release();
                }
            }
        });
        _listener.Start();
    }

    public long Get(string reason) => _counts.TryGetValue(reason, out var n) ? n : 0;

    public async Task WaitFor(Func<DropCounts, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition(this))
        {
            try
            {
                await _changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"drop counts not reached within {timeout}: " + string.Join(", ", _counts.Select(kv => $"{kv.Key}={kv.Value}")));
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _changed.Dispose();
    }
}
