using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace Ingot.Host.Metrics;

/// <summary>
/// Bridges <see cref="System.Diagnostics.Metrics"/> instruments (every plugin's and the host's) into a prometheus-net
/// registry with exactly the instrument's name, its description as help text and its tag keys as labels.
/// prometheus-net's own meter adapter is not used: it prefixes names with the meter's and rewrites help, which would
/// break MetalLB's metric names that dashboards and alerts rely on.
/// </summary>
/// <remarks>
/// Counter → counter; UpDownCounter, Gauge, ObservableGauge, ObservableUpDownCounter → gauge; ObservableCounter → counter
/// (set to the observed total); Histogram → histogram (buckets from the instrument's advice). A series an observable
/// instrument stops reporting is removed, as MetalLB deletes a peer's series when the session closes. The label set of a
/// metric is fixed by its first measurement; later measurements missing a key get an empty value.
/// </remarks>
internal sealed partial class MeterBridge : IDisposable
{
    private static readonly double[] s_defaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly CollectorRegistry _registry;
    private readonly IMetricFactory _factory;
    private readonly Func<Meter, bool> _meterFilter;
    private readonly ILogger _logger;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Bridged> _bridged = new();
    private readonly Lock _observeGate = new();

    public MeterBridge(CollectorRegistry registry, Func<Meter, bool>? meterFilter = null, ILogger<MeterBridge>? logger = null)
    {
        _registry = registry;
        _factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _meterFilter = meterFilter ?? (_ => true);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = (instrument, _) => _bridged.TryRemove(instrument, out Bridged? _);
        _listener.SetMeasurementEventCallback<byte>((i, v, t, s) => OnMeasurement(i, v, t, s));
        _listener.SetMeasurementEventCallback<short>((i, v, t, s) => OnMeasurement(i, v, t, s));
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => OnMeasurement(i, v, t, s));
        _listener.SetMeasurementEventCallback<long>((i, v, t, s) => OnMeasurement(i, v, t, s));
        _listener.SetMeasurementEventCallback<float>((i, v, t, s) => OnMeasurement(i, v, t, s));
        _listener.SetMeasurementEventCallback<double>((i, v, t, s) => OnMeasurement(i, v, t, s));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, s) => OnMeasurement(i, (double)v, t, s));
        _registry.AddBeforeCollectCallback(ObserveAll);
    }

    /// <summary>Starts listening; instruments created before and after are picked up.</summary>
    public void Start() => _listener.Start();

    public void Dispose() => _listener.Dispose();

    /// <summary>Polls every observable instrument and drops the series none of them reported this time.</summary>
    private void ObserveAll()
    {
        lock (_observeGate)
        {
            foreach (var b in _bridged.Values)
            {
                b.BeginObservation();
            }

            _listener.RecordObservableInstruments();
            foreach (var b in _bridged.Values)
            {
                b.EndObservation();
            }
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_meterFilter(instrument.Meter))
        {
            return;
        }

        if (!MetricName().IsMatch(instrument.Name))
        {
            // The runtime's and ASP.NET Core's meters use dotted OpenTelemetry names; prometheus-net's process and runtime
            // collectors already cover what matters of them.
            Log.NotAPrometheusName(_logger, instrument.Name, instrument.Meter.Name);
            return;
        }

        var kind = KindOf(instrument);
        if (kind is null)
        {
            Log.NotBridged(_logger, instrument.Name, instrument.Meter.Name, $"unsupported instrument type {instrument.GetType().Name}");
            return;
        }

        _bridged[instrument] = new Bridged(this, instrument, kind.Value);
        listener.EnableMeasurementEvents(instrument);
    }

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (_bridged.TryGetValue(instrument, out var bridged))
        {
            bridged.Record(value, tags);
        }
    }

    private static BridgeKind? KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition switch
        {
            _ when definition == typeof(Counter<>) => BridgeKind.CounterDelta,
            _ when definition == typeof(ObservableCounter<>) => BridgeKind.CounterTotal,
            _ when definition == typeof(UpDownCounter<>) => BridgeKind.GaugeDelta,
            _ when definition == typeof(ObservableUpDownCounter<>) => BridgeKind.GaugeValue,
            _ when definition == typeof(ObservableGauge<>) => BridgeKind.GaugeValue,
            _ when definition == typeof(Gauge<>) => BridgeKind.GaugeValue,
            _ when definition == typeof(Histogram<>) => BridgeKind.Histogram,
            _ => null,
        };
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        return advised is { Count: > 0 } ? [.. advised] : s_defaultBuckets;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    private enum BridgeKind
    {
        CounterDelta,
        CounterTotal,
        GaugeDelta,
        GaugeValue,
        Histogram,
    }

    /// <summary>One bridged instrument: its prometheus-net metric, created on the first measurement (which fixes the labels).</summary>
    private sealed class Bridged
    {
        private readonly MeterBridge _owner;
        private readonly Instrument _instrument;
        private readonly BridgeKind _kind;
        private readonly Lock _gate = new();
        private string[]? _labelNames;
        private Collector? _metric;
        private bool _failed;
        private HashSet<string[]>? _observedBefore;
        private HashSet<string[]>? _observedNow;

        public Bridged(MeterBridge owner, Instrument instrument, BridgeKind kind)
        {
            _owner = owner;
            _instrument = instrument;
            _kind = kind;
        }

        public void BeginObservation()
        {
            if (_instrument.IsObservable)
            {
                lock (_gate)
                {
                    _observedNow = new HashSet<string[]>(LabelValuesComparer.Instance);
                }
            }
        }

        public void EndObservation()
        {
            if (!_instrument.IsObservable)
            {
                return;
            }

            lock (_gate)
            {
                if (_observedBefore is not null && _observedNow is not null && _metric is not null)
                {
                    foreach (var gone in _observedBefore.Where(v => !_observedNow.Contains(v)))
                    {
                        Remove(gone);
                    }
                }

                _observedBefore = _observedNow;
                _observedNow = null;
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_gate)
            {
                if (_failed)
                {
                    return;
                }

                if (_metric is null && !Create(tags))
                {
                    return;
                }

                var values = new string[_labelNames!.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = string.Empty;
                }

                foreach (var tag in tags)
                {
                    var index = Array.IndexOf(_labelNames, tag.Key);
                    if (index >= 0)
                    {
                        values[index] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
                    }
                }

                _observedNow?.Add(values);
                switch (_kind)
                {
                    case BridgeKind.CounterDelta when value >= 0:
                        ((Counter)_metric!).WithLabels(values).Inc(value);
                        break;
                    case BridgeKind.CounterTotal:
                        SetTotal((Counter)_metric!, values, value);
                        break;
                    case BridgeKind.GaugeDelta:
                        ((Gauge)_metric!).WithLabels(values).Inc(value);
                        break;
                    case BridgeKind.GaugeValue:
                        ((Gauge)_metric!).WithLabels(values).Set(value);
                        break;
                    case BridgeKind.Histogram:
                        ((Histogram)_metric!).WithLabels(values).Observe(value);
                        break;
                }
            }
        }

        /// <summary>
        /// An observed total that went down means its source counts afresh (a BGP session replaced between two scrapes):
        /// the series starts again from the new total, which Prometheus reads as a counter reset. Holding the old total
        /// until the new count passed it would hide every increase until then.
        /// </summary>
        private static void SetTotal(Counter metric, string[] labels, double total)
        {
            var series = metric.WithLabels(labels);
            if (total < series.Value)
            {
                metric.RemoveLabelled(labels);
                series = metric.WithLabels(labels);
            }

            series.IncTo(total);
        }

        private bool Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var names = new List<string>();
            foreach (var tag in tags)
            {
                if (!LabelName().IsMatch(tag.Key) || tag.Key.StartsWith("__", StringComparison.Ordinal))
                {
                    Log.NotBridged(_owner._logger, _instrument.Name, _instrument.Meter.Name, $"tag '{tag.Key}' is not a Prometheus label name");
                    _failed = true;
                    return false;
                }

                if (!names.Contains(tag.Key))
                {
                    names.Add(tag.Key);
                }
            }

            _labelNames = [.. names];
            var help = _instrument.Description ?? string.Empty;
            try
            {
                _metric = _kind switch
                {
                    BridgeKind.CounterDelta or BridgeKind.CounterTotal =>
                        _owner._factory.CreateCounter(_instrument.Name, help, new CounterConfiguration { LabelNames = _labelNames }),
                    BridgeKind.GaugeDelta or BridgeKind.GaugeValue =>
                        _owner._factory.CreateGauge(_instrument.Name, help, new GaugeConfiguration { LabelNames = _labelNames }),
                    _ => _owner._factory.CreateHistogram(_instrument.Name, help,
                        new HistogramConfiguration { LabelNames = _labelNames, Buckets = BucketsOf(_instrument) }),
                };
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Two instruments with one name and different label sets, or a name the registry already holds.
                Log.NotBridged(_owner._logger, _instrument.Name, _instrument.Meter.Name, ex.Message);
                _failed = true;
                return false;
            }

            return true;
        }

        private void Remove(string[] values)
        {
            switch (_metric)
            {
                case Counter c:
                    c.RemoveLabelled(values);
                    break;
                case Gauge g:
                    g.RemoveLabelled(values);
                    break;
            }
        }
    }

    private sealed class LabelValuesComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelValuesComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj)
        {
            var hash = default(HashCode);
            foreach (var s in obj)
            {
                hash.Add(s, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Debug, "Instrument {Instrument} of meter {Meter} is not exported: not a Prometheus metric name")]
        public static partial void NotAPrometheusName(ILogger logger, string instrument, string meter);

        [LoggerMessage(31, LogLevel.Warning, "Instrument {Instrument} of meter {Meter} is not exported: {Reason}")]
        public static partial void NotBridged(ILogger logger, string instrument, string meter, string reason);
    }
}
