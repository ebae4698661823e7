using System.Collections.Immutable;

namespace Ingot.Sdk.Configuration.Resources;

/// <summary>
/// A MetalLB custom resource as written by the user, before validation. Sources (files, the Kubernetes API) map their
/// objects to these records; <see cref="MetalLbConfigurationParser"/> turns them into a <see cref="MetalLbConfiguration"/>.
/// Fields stay close to the CRD: optional fields are nullable and numbers are wide enough to carry out-of-range input to the
/// validator, which reports it.
/// </summary>
public abstract record MetalLbResource
{
    /// <summary><c>metadata.name</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>metadata.namespace</c>; null when the manifest leaves it out.</summary>
    public string? Namespace { get; init; }

    /// <summary><c>metadata.labels</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Where the object came from (a file path, or null), so diagnostics can name it.</summary>
    public string? Origin { get; init; }

    /// <summary>The CRD kind, e.g. <c>IPAddressPool</c>.</summary>
    public abstract string Kind { get; }
}
