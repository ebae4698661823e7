namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>One list request as the API server reads its path and query.</summary>
/// <param name="Type">The listed resource.</param>
/// <param name="Version">The version asked for; items are written as this version.</param>
/// <param name="Namespace">The namespace, or null for all.</param>
/// <param name="LabelSelector">The label selector, or null.</param>
/// <param name="FieldSelector">The field selector, or null.</param>
/// <param name="Limit">The most items to return; null for all.</param>
/// <param name="Continue">The token from the previous page, or null for the first page.</param>
public sealed record ListRequest(ResourceType Type, string Version, string? Namespace, string? LabelSelector = null, string? FieldSelector = null,
    int? Limit = null, string? Continue = null);
