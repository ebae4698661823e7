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
            if (map(item) is { } value)
            {
                mapped.Add(new(Key(item.Metadata), value));
            }
        }

        return new ListPage<T>(mapped, page.Metadata.ResourceVersion, page.Metadata.ContinueProperty);
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
