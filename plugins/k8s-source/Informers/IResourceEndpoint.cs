namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>List and watch of one resource, with the KubernetesClient types already mapped away.</summary>
/// <typeparam name="T">The mapped object type.</typeparam>
internal interface IResourceEndpoint<T>
    where T : class
{
    /// <summary>The resource, for logs (<c>services</c>, <c>ipaddresspools.metallb.io</c>).</summary>
    string Name { get; }

    /// <summary>Lists one page (<see cref="ListPager"/> follows the pages).</summary>
    /// <param name="limit">The most objects to ask for; null asks for all. The server may return all anyway.</param>
    /// <param name="continueToken">The previous page's <c>continue</c>; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<ListPage<T>> ListPageAsync(int? limit, string? continueToken, CancellationToken cancellationToken);

    /// <summary>Watches from a resourceVersion. Error events (e.g. <c>Expired</c>) go to <paramref name="onError"/>; the stream
    /// ends when the server closes it.</summary>
    IAsyncEnumerable<InformerEvent<T>> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken);
}
