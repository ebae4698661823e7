using System.Collections.Immutable;
using Ingot.Plugins.K8sSource.Client;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>
/// Keeps a local copy of one resource (YARP's <c>ResourceInformer</c> on the <c>IAsyncEnumerable</c> watch API): list in
/// pages (<see cref="ListPager"/>), then watch from the list's resourceVersion; on <c>410 Gone</c>/<c>Expired</c> list again
/// and report objects that vanished meanwhile as deletes; follow bookmarks; reconnect after errors with capped backoff;
/// <see cref="Ready"/> after the first complete list. The copy is an immutable dictionary swapped on every change, so readers
/// never lock; a list replaces it only once its last page is in, so a list that starts over never shows a partial copy.
/// </summary>
/// <typeparam name="T">The mapped object type.</typeparam>
internal sealed partial class ResourceInformer<T> : IInformer
    where T : class
{
    private readonly IResourceEndpoint<T> _endpoint;
    private readonly Action<InformerEventType, string> _onChange;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InformerBackoff _backoff;
    private readonly IEqualityComparer<T>? _comparer;
    private readonly int _listPageSize;
    private readonly Action? _onRefused;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refused;
    private ImmutableDictionary<string, T> _items = ImmutableDictionary<string, T>.Empty.WithComparers(StringComparer.Ordinal);

    public ResourceInformer(IResourceEndpoint<T> endpoint, Action<InformerEventType, string> onChange, TimeProvider time, ILogger logger, TimeSpan maxBackoff,
        IEqualityComparer<T>? comparer = null, int listPageSize = K8sSourceOptions.DefaultListPageSize, Action? onRefused = null)
    {
        _onRefused = onRefused;
        _comparer = comparer;
        _listPageSize = listPageSize;
        _endpoint = endpoint;
        _onChange = onChange;
        _time = time;
        _logger = logger;
        _backoff = new InformerBackoff(TimeSpan.FromMilliseconds(500), maxBackoff);
    }

    public string Name => _endpoint.Name;

    public Task Ready => _ready.Task;

    /// <summary>The current objects by key.</summary>
    public ImmutableDictionary<string, T> Items => Volatile.Read(ref _items);

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>How many times the informer listed (the first list included).</summary>
    public int ListCount { get; private set; }

    /// <summary>How many answers were refused: over an <see cref="ApiResponseLimits"/> limit, or a watch event that could not
    /// be decoded. Each one dropped the list or watch it came in, and the informer listed again after its backoff.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var mustList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (mustList)
                {
                    var list = await ListPager.ListAsync(_endpoint, _listPageSize, _logger, cancellationToken).ConfigureAwait(false);
                    Replace(list);
                    mustList = false;
                    _ready.TrySetResult();
                }

                Exception? watchError = null;
                var events = 0;
                await foreach (var e in _endpoint.WatchAsync(ResourceVersion!, ex => watchError ??= ex, cancellationToken).ConfigureAwait(false))
                {
                    if (watchError is not null)
                    {
                        // The server reported an error: whatever follows on this stream is not to be trusted.
                        break;
                    }

                    Apply(e);
                    events++;
                    _backoff.Reset();
                }

                if (watchError is not null)
                {
                    if (GoneErrors.IsGone(watchError))
                    {
                        // The resourceVersion was compacted away: only a new list tells what happened meanwhile.
                        Log.WatchExpired(_logger, Name, ResourceVersion);
                        mustList = true;
                        continue;
                    }

                    throw watchError;
                }

                if (events == 0)
                {
                    // A watch that ends at once without anything is a server in trouble: don't hammer it.
                    await Task.Delay(_backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                var delay = _backoff.Next();
                if (RetryAfter.Of(e, _time.GetUtcNow()) is { } asked && asked > delay)
                {
                    delay = asked;
                }

                if (IsRefusal(e))
                {
                    // The watch may have skipped the refused event, and a list page may have been cut short: only a fresh
                    // list is sure to be whole. Until it succeeds, the copy (and so the configuration) stays as it was.
                    mustList = true;
                    Interlocked.Increment(ref _refused);
                    _onRefused?.Invoke();
                    Log.AnswerRefused(_logger, Name, delay, e.Message);
                }
                else
                {
                    mustList |= GoneErrors.IsGone(e);
                    Log.WatchFailed(_logger, Name, delay, e);
                }

                try
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>True when the API server's answer itself was refused (over a limit, or an event or object that cannot be
    /// decoded), not the connection lost; KubernetesClient may wrap the exception.</summary>
    private static bool IsRefusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is ApiResponseLimitException or UndecodableEventException)
            {
                return true;
            }
        }

        return false;
    }

    private void Replace(ListResult<T> list)
    {
        var next = list.Items;
        var previous = Items;
        Volatile.Write(ref _items, next);
        ResourceVersion = list.ResourceVersion;
        ListCount++;
        _backoff.Reset();

        // Synthetic deletes for what vanished between the last watch event and this list.
        foreach (var key in previous.Keys.Where(k => !next.ContainsKey(k)))
        {
            _onChange(InformerEventType.Deleted, key);
        }

        foreach (var (key, value) in next)
        {
            if (!previous.TryGetValue(key, out var old))
            {
                _onChange(InformerEventType.Added, key);
            }
            else if (!Equals(old, value))
            {
                _onChange(InformerEventType.Modified, key);
            }
        }

        Log.Listed(_logger, Name, next.Count, list.Pages, list.ResourceVersion);
        if (previous.IsEmpty && next.IsEmpty)
        {
            // Nothing changed, but the first list still makes the resource ready and the snapshot current.
            _onChange(InformerEventType.Bookmark, string.Empty);
        }
    }

    private void Apply(InformerEvent<T> e)
    {
        if (e.ResourceVersion is not null)
        {
            ResourceVersion = e.ResourceVersion;
        }

        switch (e.Type)
        {
            case InformerEventType.Added:
            case InformerEventType.Modified:
                var unchanged = _comparer is not null && Items.TryGetValue(e.Key!, out var old) && _comparer.Equals(old, e.Value);
                Volatile.Write(ref _items, Items.SetItem(e.Key!, e.Value!));
                if (!unchanged)
                {
                    _onChange(e.Type, e.Key!);
                }

                break;
            case InformerEventType.Deleted:
                Volatile.Write(ref _items, Items.Remove(e.Key!));
                _onChange(e.Type, e.Key!);
                break;
            default:
                // A bookmark only moves the resourceVersion forward, so a reconnect does not replay or relist.
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Listed {Resource}: {Count} objects in {Pages} pages at resourceVersion {ResourceVersion}")]
        public static partial void Listed(ILogger logger, string resource, int count, int pages, string resourceVersion);

        [LoggerMessage(2, LogLevel.Information, "Watch of {Resource} expired at resourceVersion {ResourceVersion}; listing again")]
        public static partial void WatchExpired(ILogger logger, string resource, string? resourceVersion);

        [LoggerMessage(3, LogLevel.Warning, "Watch of {Resource} failed; retrying in {Delay}")]
        public static partial void WatchFailed(ILogger logger, string resource, TimeSpan delay, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "{Reason}; {Resource} keeps its last good copy and lists again in {Delay}")]
        public static partial void AnswerRefused(ILogger logger, string resource, TimeSpan delay, string reason);
    }
}
