using System.Collections.Immutable;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>One complete list: the objects by key and the collection's resourceVersion to watch from.</summary>
/// <typeparam name="T">The mapped object type.</typeparam>
/// <param name="Items">Objects by <c>namespace/name</c> (or name), ready to become the informer's copy as they are.</param>
/// <param name="ResourceVersion">The list's <c>metadata.resourceVersion</c> (the first page's).</param>
/// <param name="Pages">How many pages the list took, the last attempt only.</param>
internal sealed record ListResult<T>(ImmutableDictionary<string, T> Items, string ResourceVersion, int Pages);
