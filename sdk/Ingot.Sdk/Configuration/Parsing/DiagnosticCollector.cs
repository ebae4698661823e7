using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>Collects the diagnostics of one parse, each tied to the object it is about.</summary>
internal sealed class DiagnosticCollector
{
    private readonly List<ConfigurationDiagnostic> _diagnostics = [];

    public IReadOnlyList<ConfigurationDiagnostic> Diagnostics => _diagnostics;

    public bool HasErrors { get; private set; }

    public void Error(MetalLbResource resource, string message, bool transient = false)
    {
        HasErrors = true;
        _diagnostics.Add(new ConfigurationDiagnostic
        {
            Severity = DiagnosticSeverity.Error,
            Kind = resource.Kind,
            Name = resource.Name,
            Origin = resource.Origin,
            Message = message,
            IsTransient = transient,
        });
    }

    public void Warning(MetalLbResource resource, string message) => _diagnostics.Add(new ConfigurationDiagnostic
    {
        Severity = DiagnosticSeverity.Warning,
        Kind = resource.Kind,
        Name = resource.Name,
        Origin = resource.Origin,
        Message = message,
    });
}
