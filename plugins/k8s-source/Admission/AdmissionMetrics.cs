using System.Diagnostics.Metrics;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>The webhook's instruments: reviews by kind, operation and verdict, and bodies that were not reviews.</summary>
internal sealed class AdmissionMetrics : IDisposable
{
    private readonly Meter _meter = new("Ingot.Plugins.K8sSource.Admission");
    private readonly Counter<long> _reviews;
    private readonly Counter<long> _malformed;

    public AdmissionMetrics()
    {
        _reviews = _meter.CreateCounter<long>("ingot_admission_reviews_total", description: "AdmissionReview requests judged, by kind, operation and verdict");
        _malformed = _meter.CreateCounter<long>("ingot_admission_malformed_total", description: "Webhook requests whose body was not an AdmissionReview");
    }

    public void Reviewed(AdmissionRequest request, AdmissionVerdict verdict)
        => _reviews.Add(1,
            new KeyValuePair<string, object?>("kind", request.Kind),
            new KeyValuePair<string, object?>("operation", request.Operation.ToString().ToUpperInvariant()),
            new KeyValuePair<string, object?>("allowed", verdict.Allowed ? "true" : "false"));

    public void Malformed() => _malformed.Add(1);

    public void Dispose() => _meter.Dispose();
}
