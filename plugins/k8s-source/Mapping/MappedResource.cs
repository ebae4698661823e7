using Ingot.Sdk.Configuration;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Plugins.K8sSource.Mapping;

/// <summary>A MetalLB object as read from the API: the SDK resource, plus the fields that had the wrong JSON type (the
/// parser never sees those, so they are reported here, naming the object and field).</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Errors">Type errors found while reading it.</param>
internal sealed record MappedResource(MetalLbResource Resource, IReadOnlyList<ConfigurationDiagnostic> Errors);
