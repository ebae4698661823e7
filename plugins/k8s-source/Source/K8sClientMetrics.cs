using System.Diagnostics.Metrics;

namespace Ingot.Plugins.K8sSource.Source;

/// <summary>
/// MetalLB's Kubernetes client metrics, with its names and help texts, so dashboards and alerts on
/// <c>metallb_k8s_client_config_stale_bool</c> keep working after the move to Ingot.
/// </summary>
internal sealed class K8sClientMetrics : IDisposable
{
    public const string MeterName = "Ingot.Plugins.K8sSource";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _updates;
    private readonly Counter<long> _updateErrors;
    private readonly Counter<long> _refused;
    private volatile bool _loaded;
    private volatile bool _stale;

    public K8sClientMetrics()
    {
        _updates = _meter.CreateCounter<long>("metallb_k8s_client_updates_total", description: "Number of k8s object updates that have been processed.");
        _updateErrors = _meter.CreateCounter<long>("metallb_k8s_client_update_errors_total", description: "Number of k8s object updates that failed for some reason.");
        _refused = _meter.CreateCounter<long>("ingot_k8s_client_answers_refused_total",
            description: "Answers of the API server refused (over a size or nesting limit, or a watch event that could not be decoded), by resource; each one made the informer list again.");
        _meter.CreateObservableGauge("metallb_k8s_client_config_loaded_bool", () => _loaded ? 1 : 0, description: "1 if the MetalLB configuration was successfully loaded at least once.");
        _meter.CreateObservableGauge("metallb_k8s_client_config_stale_bool", () => _stale ? 1 : 0, description: "1 if running on a stale configuration, because the latest config failed to load.");
    }

    /// <summary>This source's own meter (tests read it without seeing other instances').</summary>
    public Meter Meter => _meter;

    /// <summary>An informer delivered an add, change or delete.</summary>
    public void UpdateProcessed() => _updates.Add(1);

    /// <summary>An informer refused an answer of the API server and will list again.</summary>
    public void AnswerRefused(string resource) => _refused.Add(1, new KeyValuePair<string, object?>("resource", resource));

    /// <summary>The configuration those updates produced was refused; the last good one stays in force.</summary>
    public void ConfigurationRefused()
    {
        _updateErrors.Add(1);
        _stale = true;
    }

    /// <summary>The configuration was accepted.</summary>
    public void ConfigurationLoaded()
    {
        _loaded = true;
        _stale = false;
    }

    public void Dispose() => _meter.Dispose();
}
