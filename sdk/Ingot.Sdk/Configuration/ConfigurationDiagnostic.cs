namespace Ingot.Sdk.Configuration;

/// <summary>A problem found in user input, naming the object and the field.</summary>
public sealed record ConfigurationDiagnostic
{
    /// <summary>Error or warning.</summary>
    public DiagnosticSeverity Severity { get; init; } = DiagnosticSeverity.Error;

    /// <summary>The object's kind, e.g. <c>IPAddressPool</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The object's name.</summary>
    public required string Name { get; init; }

    /// <summary>What is wrong, naming the field; MetalLB's wording where MetalLB has one.</summary>
    public required string Message { get; init; }

    /// <summary>The file (or other origin) the object came from, if known.</summary>
    public string? Origin { get; init; }

    /// <summary>
    /// True when the error may resolve by itself once another object appears (a Secret, a Community alias, a BFDProfile):
    /// MetalLB's TransientError.
    /// </summary>
    public bool IsTransient { get; init; }

    /// <summary>The diagnostic as one line: <c>origin: Kind/name: message</c> (origin left out when unknown).</summary>
    public override string ToString()
    {
        var prefix = Severity == DiagnosticSeverity.Warning ? "warning: " : string.Empty;
        return Origin is null
            ? $"{Kind}/{Name}: {prefix}{Message}"
            : $"{Origin}: {Kind}/{Name}: {prefix}{Message}";
    }
}
