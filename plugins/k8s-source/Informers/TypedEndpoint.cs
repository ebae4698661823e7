using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>An <see cref="IResourceEndpoint{T}"/> over one of KubernetesClient's typed list/watch pairs, mapping each object
/// as it arrives so that only the mapped form is kept.</summary>
/// <typeparam name="TList">The KubernetesClient list type (one page).</typeparam>
/// <typeparam name="TObject">The KubernetesClient type.</typeparam>
/// <typeparam name="T">The mapped type.</typeparam>
/// <param name="name">The resource, for logs.</param>
/// <param name="list">Lists one page: the <c>limit</c> and <c>continue</c> parameters, then the cancellation token.</param>
/// <param name="watch">Watches from a resourceVersion.</param>
/// <param name="map">Maps an object; null refuses it.</param>
internal sealed class TypedEndpoint<TList, TObject, T>(
    string name,
    Func<int?, string?, CancellationToken, Task<TList>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, TObject)>> watch,
    Func<TObject, T?> map) : IResourceEndpoint<T>
    where TList : IKubernetesObject<V1ListMeta>, IItems<TObject>
    where TObject : IKubernetesObject<V1ObjectMeta>
    where T : class
{
    public string Name => name;

    public async Task<ListPage<T>> ListPageAsync(int? limit, string? continueToken, CancellationToken cancellationToken)
    {
        var page = await list(limit, continueToken, cancellationToken).ConfigureAwait(false);
        var mapped = new List<KeyValuePair<string, T>>(page.Items.Count);
        foreach (var item in page.Items)
        {
            var key = KeyOf(item, "a listed object");
            if (Map(item, key) is { } value)
            {
                mapped.Add(new(key, value));
            }
        }

        return new ListPage<T>(mapped, page.Metadata.ResourceVersion, page.Metadata.ContinueProperty);
    }

    public async IAsyncEnumerable<InformerEvent<T>> WatchAsync(string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, obj) in WatchStream.ReadAsync(name, (e, ct) => watch(resourceVersion, e, ct), onError, cancellationToken).ConfigureAwait(false))
        {
            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    {
                        var key = KeyOf(obj, "an " + type.ToString().ToUpperInvariant() + " event");
                        var value = Map(obj, key);

                        // An object the mapping refuses (e.g. an EndpointSlice without its Service label) counts as gone.
                        yield return value is null
                            ? new InformerEvent<T>(InformerEventType.Deleted, key, obj.Metadata.ResourceVersion, null)
                            : new InformerEvent<T>(type == WatchEventType.Added ? InformerEventType.Added : InformerEventType.Modified, key, obj.Metadata.ResourceVersion, value);
                        break;
                    }

                case WatchEventType.Deleted:
                    yield return new InformerEvent<T>(InformerEventType.Deleted, KeyOf(obj, "a DELETED event"), obj.Metadata.ResourceVersion, null);
                    break;
                case WatchEventType.Bookmark:
                    yield return new InformerEvent<T>(InformerEventType.Bookmark, null, obj?.Metadata?.ResourceVersion, null);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The object's key; an object without a name cannot be stored, and skipping it would lose it.</summary>
    private string KeyOf(TObject? obj, string what)
        => obj?.Metadata is { Name.Length: > 0 } metadata
            ? Key(metadata)
            : throw new UndecodableEventException($"{name}: {what} without metadata.name");

    private T? Map(TObject obj, string key)
    {
        try
        {
            return map(obj);
        }
#pragma warning disable CA1031 // Whatever the mapping throws on, the object cannot be read: the informer lists again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new UndecodableEventException($"{name} {key}: the object could not be read: {e.Message}", e);
        }
    }

    internal static string Key(V1ObjectMeta metadata)
        => string.IsNullOrEmpty(metadata.NamespaceProperty) ? metadata.Name : metadata.NamespaceProperty + "/" + metadata.Name;
}
