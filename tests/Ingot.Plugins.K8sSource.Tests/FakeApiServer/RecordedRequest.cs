namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>One request the fake API server answered, in RBAC terms.</summary>
/// <param name="Verb">get, list, watch, create, update, patch or delete.</param>
/// <param name="Group">API group; empty for core.</param>
/// <param name="Resource">Plural, with <c>/status</c> for the subresource.</param>
/// <param name="Namespace">The namespace, or null for cluster-wide.</param>
/// <param name="Name">The object's name, or null.</param>
/// <param name="StatusCode">The answer's status code.</param>
/// <param name="Limit">A list's <c>limit</c> query parameter as sent, or null.</param>
/// <param name="Continue">A list's <c>continue</c> query parameter as sent, or null.</param>
public sealed record RecordedRequest(string Verb, string Group, string Resource, string? Namespace, string? Name, int StatusCode,
    int? Limit = null, string? Continue = null);
