using System.Diagnostics.Metrics;

namespace Ingot.Plugins.FileSource;

/// <summary>
/// The file source's metrics, under MetalLB's names and help texts so existing dashboards and alerts keep working (a file
/// change plays the part of a Kubernetes object update).
/// </summary>
internal sealed class FileSourceMetrics : IDisposable
{
    public const string MeterName = "Ingot.Plugins.FileSource";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _updates;
    private readonly Counter<long> _updateErrors;
    private readonly Counter<long> _unsettled;
    private volatile bool _stale;
    private volatile bool _loaded;

    public FileSourceMetrics()
    {
        _updates = _meter.CreateCounter<long>("metallb_k8s_client_updates_total", description: "Number of k8s object updates that have been processed.");
        _updateErrors = _meter.CreateCounter<long>("metallb_k8s_client_update_errors_total", description: "Number of k8s object updates that failed for some reason.");
        _unsettled = _meter.CreateCounter<long>("ingot_file_source_unsettled_reads_total", description: "Number of manifest reads set aside because a second read after the settle interval differed (files caught mid-change).");
        _meter.CreateObservableGauge("metallb_k8s_client_config_loaded_bool", () => _loaded ? 1 : 0, description: "1 if the MetalLB configuration was successfully loaded at least once.");
        _meter.CreateObservableGauge("metallb_k8s_client_config_stale_bool", () => _stale ? 1 : 0, description: "1 if running on a stale configuration, because the latest config failed to load.");
    }

    public Meter Meter => _meter;

    public bool Stale
    {
        get => _stale;
        set => _stale = value;
    }

    public bool Loaded
    {
        get => _loaded;
        set => _loaded = value;
    }

    public void UpdateProcessed() => _updates.Add(1);

    public void UpdateFailed() => _updateErrors.Add(1);

    public void UnsettledRead() => _unsettled.Add(1);

    public void Dispose() => _meter.Dispose();
}
