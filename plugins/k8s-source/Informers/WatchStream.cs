using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>
/// Reads KubernetesClient's watch enumerator so that a line it cannot decode ends the watch at once. KubernetesClient hands
/// such a line to <c>onError</c> and goes on reading, so the informer would otherwise apply the events after it, advance its
/// resourceVersion past the lost one, and never see it again; and it would only notice when the next event arrived, which on
/// a quiet resource may be minutes later. A line that is not JSON at all it throws instead, and that ends the watch the same
/// way. <c>ERROR</c> events (a <see cref="KubernetesException"/>, e.g. <c>Expired</c>)
/// still go to the caller's <c>onError</c>.
/// </summary>
internal static class WatchStream
{
    /// <param name="resource">The resource, for the error.</param>
    /// <param name="open">Opens the watch with an <c>onError</c> and a cancellation token.</param>
    /// <param name="onError">Receives <c>ERROR</c> events.</param>
    /// <param name="cancellationToken">Cancels the watch.</param>
    public static async IAsyncEnumerable<(WatchEventType Type, TObject Object)> ReadAsync<TObject>(string resource,
        Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, TObject)>> open, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var undecodable = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? decodeError = null;
        void OnError(Exception e)
        {
            if (e is KubernetesException)
            {
                onError(e);
                return;
            }

            decodeError ??= e;

            // Stop the read that is waiting for the next line: nothing after this event may be applied.
            undecodable.Cancel();
        }

        var events = open(OnError, undecodable.Token).GetAsyncEnumerator(undecodable.Token);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (decodeError is not null && !cancellationToken.IsCancellationRequested)
                {
                    more = false;
                }
                catch (JsonException e)
                {
                    // A line that is not JSON at all fails KubernetesClient's first look at it, which it does not catch.
                    decodeError ??= e;
                    more = false;
                }

                if (decodeError is not null)
                {
                    throw new UndecodableEventException($"watch of {resource}: an event could not be decoded: {decodeError.Message}", decodeError);
                }

                if (!more)
                {
                    yield break;
                }

                yield return events.Current;
            }
        }
    }
}
