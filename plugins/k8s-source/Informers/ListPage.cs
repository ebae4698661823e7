namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>One page of a list, already mapped: the raw page it came from is garbage as soon as this exists.</summary>
/// <typeparam name="T">The mapped object type.</typeparam>
/// <param name="Items">This page's objects by <c>namespace/name</c> (or name).</param>
/// <param name="ResourceVersion">The page's <c>metadata.resourceVersion</c>: every page of one list carries the first page's.</param>
/// <param name="Continue">The page's <c>metadata.continue</c>; null or empty on the last page.</param>
internal sealed record ListPage<T>(IReadOnlyList<KeyValuePair<string, T>> Items, string ResourceVersion, string? Continue);
