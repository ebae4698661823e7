namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>One list call's answer: the objects by key and the collection's resourceVersion to watch from.</summary>
/// <typeparam name="T">The mapped object type.</typeparam>
/// <param name="Items">Objects by <c>namespace/name</c> (or name).</param>
/// <param name="ResourceVersion">The list's <c>metadata.resourceVersion</c>.</param>
internal sealed record ListResult<T>(IReadOnlyList<KeyValuePair<string, T>> Items, string ResourceVersion);
