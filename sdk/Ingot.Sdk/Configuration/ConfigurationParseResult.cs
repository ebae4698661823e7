namespace Ingot.Sdk.Configuration;

/// <summary>What <see cref="MetalLbConfigurationParser.Parse"/> returns.</summary>
public sealed record ConfigurationParseResult
{
    /// <summary>The configuration, or null when any error was found.</summary>
    public MetalLbConfiguration? Configuration { get; init; }

    /// <summary>Every error and warning found, in the order the objects were read.</summary>
    public IReadOnlyList<ConfigurationDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>True when there is a configuration (no errors).</summary>
    public bool IsValid => Configuration is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<ConfigurationDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}
