using System.Diagnostics.Metrics;
using Ingot.Host.Plugins;

namespace Ingot.Host.Metrics;

/// <summary>The host's own instruments (Meter <c>Ingot.Host</c>): what MetalLB has no metric for.</summary>
internal sealed class HostMetrics : IDisposable
{
    public const string MeterName = "Ingot.Host";

    /// <summary>Reconcile passes take milliseconds to seconds; the buckets span that.</summary>
    private static readonly double[] s_durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly IReadOnlyList<PluginInfo> _plugins;
    private long _lastSuccessMilliseconds;

    public HostMetrics(IReadOnlyList<PluginInfo> plugins, IReadOnlySet<string> active)
    {
        _plugins = plugins;
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge("ingot_plugin_loaded", () => ObservePlugins(active),
            description: "1 for every plugin folder found, labelled with the plugin's name, kind and status (active, loaded or refused)");
        _duration = _meter.CreateHistogram("ingot_reconcile_duration_seconds", unit: "s",
            description: "How long one reconcile pass (allocate, write status, plan, apply, report) took",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
        _meter.CreateObservableGauge("ingot_last_successful_reconcile_timestamp_seconds", ObserveLastSuccess,
            description: "Unix time of the last reconcile pass in which no plugin failed");
        _errors = _meter.CreateCounter<long>("ingot_reconcile_errors_total",
            description: "Failures of a plugin during reconcile passes, per plugin");
    }

    public Meter Meter => _meter;

    public void RecordPass(TimeSpan duration, DateTimeOffset finishedAt, bool succeeded)
    {
        _duration.Record(duration.TotalSeconds);
        if (succeeded)
        {
            Interlocked.Exchange(ref _lastSuccessMilliseconds, finishedAt.ToUnixTimeMilliseconds());
        }
    }

    public void RecordError(string plugin) => _errors.Add(1, new KeyValuePair<string, object?>("plugin", plugin));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveLastSuccess()
    {
        var last = Interlocked.Read(ref _lastSuccessMilliseconds);
        return last == 0 ? [] : [new Measurement<double>(last / 1000.0)];
    }

    private IEnumerable<Measurement<int>> ObservePlugins(IReadOnlySet<string> active)
    {
        foreach (var plugin in _plugins)
        {
            var status = !plugin.IsLoaded ? "refused" : active.Contains(plugin.Name) ? "active" : "loaded";
            yield return new Measurement<int>(1,
                new KeyValuePair<string, object?>("plugin", plugin.Name),
                new KeyValuePair<string, object?>("kind", plugin.Kind?.ToString().ToLowerInvariant() ?? "unknown"),
                new KeyValuePair<string, object?>("status", status));
        }
    }
}
