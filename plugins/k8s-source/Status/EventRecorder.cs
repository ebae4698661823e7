using System.Globalization;
using Ingot.Sdk.Cluster;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Status;

/// <summary>Writes <c>core/v1</c> Events about Services. Callers decide when (transitions only); this only writes.</summary>
internal sealed partial class EventRecorder(IKubernetes client, TimeProvider time, ILogger logger, string component, string? host)
{
    private long _sequence;

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
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException)
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
