using System.Globalization;
using System.Threading.Channels;
using Ingot.Sdk.Cluster;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Status;

/// <summary>Writes <c>core/v1</c> Events about Services. Callers decide when (transitions only); this only writes.</summary>
internal sealed partial class EventRecorder(IKubernetes client, TimeProvider time, ILogger logger, string component, string? host) : IAsyncDisposable
{
    private readonly Channel<(ServiceKey Service, string Type, string Reason, string Message)> _queue =
        Channel.CreateUnbounded<(ServiceKey, string, string, string)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _sender;
    private long _sequence;

    /// <summary>Records in the background, in order, so that status writes never wait for events.</summary>
    public void Enqueue(ServiceKey service, string type, string reason, string message)
    {
        if (_sender is null)
        {
            lock (_queue)
            {
                _sender ??= Task.Run(SendQueuedAsync);
            }
        }

        _queue.Writer.TryWrite((service, type, reason, message));
    }

    /// <summary>Sends what is queued (bounded by a few seconds), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_sender is not null)
        {
            _stop.CancelAfter(TimeSpan.FromSeconds(5));
            await _sender.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task SendQueuedAsync()
    {
        try
        {
            await foreach (var (service, type, reason, message) in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await RecordAsync(service, type, reason, message, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the rest of the queue is dropped, as client-go's broadcaster does.
        }
    }

    public async Task RecordAsync(ServiceKey service, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var e = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                // client-go's recorder names events <object>.<unique hex>.
                Name = string.Create(CultureInfo.InvariantCulture, $"{service.Name}.{now.Ticks:x}{Interlocked.Increment(ref _sequence):x}"),
                NamespaceProperty = service.Namespace,
            },
            InvolvedObject = new V1ObjectReference { Kind = "Service", ApiVersion = "v1", NamespaceProperty = service.Namespace, Name = service.Name },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new V1EventSource { Component = component, Host = host },
            ReportingComponent = component,
            ReportingInstance = host,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(e, service.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.EventRecorded(logger, service, reason, message);
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Events are best effort, as in client-go.
            Log.EventFailed(logger, service, reason, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Event {Service} {Reason}: {Message}")]
        public static partial void EventRecorded(ILogger logger, ServiceKey service, string reason, string message);

        [LoggerMessage(2, LogLevel.Warning, "Could not record event {Reason} for {Service}")]
        public static partial void EventFailed(ILogger logger, ServiceKey service, string reason, Exception exception);
    }
}
