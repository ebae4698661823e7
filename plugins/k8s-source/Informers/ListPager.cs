using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>
/// Lists a resource in pages of at most <c>pageSize</c> objects, following <c>continue</c> tokens as client-go's pager does,
/// so neither the API server nor this process ever holds the whole collection as one response: only one raw page and the
/// mapped objects so far are alive at a time.
/// </summary>
/// <remarks>
/// All pages of one list read the snapshot of the first page, so the result is consistent and its resourceVersion (the first
/// page's) is the one to watch from. When the snapshot is compacted away before the last page, the server answers
/// <c>410 Gone</c>/<c>Expired</c>; the list then starts over from the first page, at a new snapshot, and the pages read so far
/// are dropped. client-go instead falls back to one unpaged list, which is exactly the giant response paging exists to avoid,
/// and on a cluster large enough for the token to expire mid-list it is also the slowest request to serve. After
/// <see cref="MaxRestarts"/> restarts the failure goes to the informer, which backs off and lists again.
/// </remarks>
internal static partial class ListPager
{
    /// <summary>How many times one list starts over after its continue token expired before it gives up.</summary>
    public const int MaxRestarts = 3;

    /// <summary>Lists every object of <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The resource.</param>
    /// <param name="pageSize">Objects per page; zero or less lists everything in one request.</param>
    /// <param name="logger">Receives one line per restart.</param>
    /// <param name="cancellationToken">Cancels the list.</param>
    public static async Task<ListResult<T>> ListAsync<T>(IResourceEndpoint<T> endpoint, int pageSize, ILogger logger, CancellationToken cancellationToken)
        where T : class
    {
        int? limit = pageSize > 0 ? pageSize : null;
        var items = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        for (var restarts = 0; ; restarts++)
        {
            items.Clear();
            var resourceVersion = string.Empty;
            string? next = null;
            var pages = 0;
            try
            {
                do
                {
                    var page = await endpoint.ListPageAsync(limit, next, cancellationToken).ConfigureAwait(false);
                    if (pages == 0)
                    {
                        resourceVersion = page.ResourceVersion;
                    }

                    foreach (var (key, value) in page.Items)
                    {
                        items[key] = value;
                    }

                    next = page.Continue;
                    pages++;
                }
                while (!string.IsNullOrEmpty(next));

                return new ListResult<T>(items.ToImmutable(), resourceVersion, pages);
            }
            catch (Exception e) when (next is not null && restarts < MaxRestarts && GoneErrors.IsGone(e))
            {
                // Only a continued page can expire this way; a first page that fails is the informer's to retry.
                Log.ContinueExpired(logger, endpoint.Name, pages, restarts + 1, MaxRestarts);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4, LogLevel.Information, "List of {Resource} expired after {Pages} pages (its snapshot was compacted); listing again from the first page, restart {Restart} of {MaxRestarts}")]
        public static partial void ContinueExpired(ILogger logger, string resource, int pages, int restart, int maxRestarts);
    }
}
