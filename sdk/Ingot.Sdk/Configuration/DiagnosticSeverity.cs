namespace Ingot.Sdk.Configuration;

/// <summary>How serious a <see cref="ConfigurationDiagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The configuration is refused; the last good one stays in force.</summary>
    Error,

    /// <summary>Accepted, but something is ignored or unusual.</summary>
    Warning,
}
