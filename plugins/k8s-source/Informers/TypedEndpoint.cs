using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>An <see cref="IResourceEndpoint{T}"/> over one of KubernetesClient's typed list/watch pairs, mapping each object
/// as it arrives so that only the mapped form is kept.</summary>
/// <typeparam name="TObject">The KubernetesClient type.</typeparam>
/// <typeparam name="T">The mapped type.</typeparam>
internal sealed class TypedEndpoint<TObject, T>(
    string name,
    Func<CancellationToken, Task<(IList<TObject> Items, string ResourceVersion)>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, TObject)>> watch,
    Func<TObject, T?> map) : IResourceEndpoint<T>
    where TObject : IKubernetesObject<V1ObjectMeta>
    where T : class
{
    public string Name => name;

    public async Task<ListResult<T>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, rv) = await list(cancellationToken).ConfigureAwait(false);
        var mapped = new List<KeyValuePair<string, T>>(items.Count);
        foreach (var item in items)
        {
            if (map(item) is { } value)
            {
                mapped.Add(new(Key(item.Metadata), value));
            }
        }

        return new ListResult<T>(mapped, rv);
    }

    public async IAsyncEnumerable<InformerEvent<T>> WatchAsync(string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, obj) in watch(resourceVersion, onError, cancellationToken).ConfigureAwait(false))
        {
            var rv = obj?.Metadata?.ResourceVersion;
            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var value = map(obj!);

                    // An object the mapping refuses (e.g. an EndpointSlice without its Service label) counts as gone.
                    yield return value is null
                        ? new InformerEvent<T>(InformerEventType.Deleted, Key(obj!.Metadata), rv, null)
                        : new InformerEvent<T>(type == WatchEventType.Added ? InformerEventType.Added : InformerEventType.Modified, Key(obj!.Metadata), rv, value);
                    break;
                case WatchEventType.Deleted:
                    yield return new InformerEvent<T>(InformerEventType.Deleted, Key(obj!.Metadata), rv, null);
                    break;
                case WatchEventType.Bookmark:
                    yield return new InformerEvent<T>(InformerEventType.Bookmark, null, rv, null);
                    break;
                default:
                    break;
            }
        }
    }

    internal static string Key(V1ObjectMeta metadata)
        => string.IsNullOrEmpty(metadata.NamespaceProperty) ? metadata.Name : metadata.NamespaceProperty + "/" + metadata.Name;
}
