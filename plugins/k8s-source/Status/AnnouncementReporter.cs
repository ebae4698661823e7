using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Status;

/// <summary>
/// Reports what this node announces, as MetalLB's speaker does: one ServiceL2Status (layer 2) or ServiceBGPStatus (BGP) per
/// Service this node announces, deleted when it stops; Events <c>nodeAssigned</c> when the node starts announcing a Service
/// by a protocol and <c>announceFailed</c> when a failure reason appears or changes — never repeated per pass.
/// </summary>
internal sealed partial class AnnouncementReporter(IKubernetes client, EventRecorder events, string ns, (string Name, string Uid)? owner, ILogger logger,
    int listPageSize = K8sSourceOptions.DefaultListPageSize) : IDisposable
{
    private const string NodeLabel = "metallb.io/node";
    private const string ServiceNameLabel = "metallb.io/service-name";
    private const string ServiceNamespaceLabel = "metallb.io/service-namespace";

    // Reasons that mean "tried and could not", not "not this node's job".
    private static readonly HashSet<string> s_failureReasons = new(StringComparer.Ordinal)
    {
        "announceFailed", "conflictingAdvertisements", "sharedIPWithServiceSelector", "interfaceNotFound",
    };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string Protocol, ServiceKey Service), (string Name, string? Status)> _objects = [];
    private readonly Dictionary<(string Protocol, ServiceKey Service), string> _failures = [];
    private HashSet<(string Protocol, ServiceKey Service)> _announced = [];
    private bool _adopted;

    public async Task ReportAsync(string node, IReadOnlyList<AnnouncementPlan> plans, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var desired = Desired(node, plans);
            await EventsAsync(node, plans, desired, cancellationToken).ConfigureAwait(false);
            if (!_adopted)
            {
                try
                {
                    await AdoptAsync(node, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException)
                {
                    Log.WriteFailed(logger, default, "any", e);
                    return;
                }
            }

            foreach (var (key, status) in desired)
            {
                await EnsureAsync(node, key, status, cancellationToken).ConfigureAwait(false);
            }

            foreach (var key in _objects.Keys.Where(k => !desired.ContainsKey(k)).ToList())
            {
                await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static Dictionary<(string, ServiceKey), JsonObject> Desired(string node, IReadOnlyList<AnnouncementPlan> plans)
    {
        var interfaces = new Dictionary<ServiceKey, SortedSet<string>>();
        var peers = new Dictionary<ServiceKey, SortedSet<string>>();
        foreach (var plan in plans)
        {
            foreach (var (service, announcement) in plan.ForNode(node))
            {
                if (plan.Protocol == "layer2")
                {
                    interfaces.TryAdd(service.Service, new SortedSet<string>(StringComparer.Ordinal));
                    interfaces[service.Service].UnionWith(announcement.Interfaces);
                }
                else if (plan.Protocol == "bgp")
                {
                    peers.TryAdd(service.Service, new SortedSet<string>(StringComparer.Ordinal));
                    if (announcement.Peer is { } peer)
                    {
                        peers[service.Service].Add(peer);
                    }
                }
            }
        }

        var desired = new Dictionary<(string, ServiceKey), JsonObject>();
        foreach (var (service, names) in interfaces)
        {
            var status = Base(node, service);

            // Interfaces are listed only when the announcement is not on every interface.
            if (names.Count > 0)
            {
                status["interfaces"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n })]);
            }

            desired[("layer2", service)] = status;
        }

        foreach (var (service, names) in peers)
        {
            var status = Base(node, service);
            status["peers"] = new JsonArray([.. names.Select(n => (JsonNode)JsonValue.Create(n))]);
            desired[("bgp", service)] = status;
        }

        return desired;
    }

    private static JsonObject Base(string node, ServiceKey service) => new()
    {
        ["node"] = node,
        ["serviceName"] = service.Name,
        ["serviceNamespace"] = service.Namespace,
    };

    private static (string Plural, string Prefix) Resource(string protocol)
        => protocol == "layer2" ? ("servicel2statuses", "l2-") : ("servicebgpstatuses", "bgp-");

    private async Task EventsAsync(string node, IReadOnlyList<AnnouncementPlan> plans, Dictionary<(string, ServiceKey), JsonObject> desired, CancellationToken cancellationToken)
    {
        var announced = new HashSet<(string, ServiceKey)>();
        foreach (var plan in plans)
        {
            foreach (var service in plan.Services)
            {
                if (service.Announcements.Any(a => a.Node == node))
                {
                    announced.Add((plan.Protocol, service.Service));
                    if (!_announced.Contains((plan.Protocol, service.Service)))
                    {
                        await events.RecordAsync(service.Service, "Normal", "nodeAssigned", $"announcing from node \"{node}\" with protocol \"{plan.Protocol}\"", cancellationToken).ConfigureAwait(false);
                    }
                }

                var failure = service.Skipped.FirstOrDefault(s => s.Node == node && s_failureReasons.Contains(s.Reason))?.Reason;
                var key = (plan.Protocol, service.Service);
                if (failure is null)
                {
                    _failures.Remove(key);
                }
                else if (!_failures.TryGetValue(key, out var previous) || previous != failure)
                {
                    _failures[key] = failure;
                    await events.RecordAsync(service.Service, "Warning", "announceFailed", $"failed to announce from node \"{node}\" with protocol \"{plan.Protocol}\": {failure}", cancellationToken).ConfigureAwait(false);
                }
            }
        }

        _announced = announced;
    }

    private async Task AdoptAsync(string node, CancellationToken cancellationToken)
    {
        // Objects a previous run of this pod left behind: reuse or delete them rather than create duplicates. Listed in
        // pages, as the informers list: a node announcing thousands of Services has as many of these.
        foreach (var protocol in new[] { "layer2", "bgp" })
        {
            string? next = null;
            do
            {
                var page = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync("metallb.io", "v1beta1", ns, Resource(protocol).Plural,
                    continueParameter: next, labelSelector: $"{NodeLabel}={node}", limit: listPageSize > 0 ? listPageSize : null,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                await AdoptPageAsync(protocol, page, cancellationToken).ConfigureAwait(false);
                next = page.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("continue", out var token) ? token.GetString() : null;
            }
            while (!string.IsNullOrEmpty(next));
        }

        _adopted = true;
    }

    private async Task AdoptPageAsync(string protocol, JsonElement page, CancellationToken cancellationToken)
    {
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            var metadata = item.GetProperty("metadata");
            var labels = metadata.TryGetProperty("labels", out var l) ? l : default;
            if (labels.ValueKind != JsonValueKind.Object
                || !labels.TryGetProperty(ServiceNameLabel, out var name) || !labels.TryGetProperty(ServiceNamespaceLabel, out var svcNs))
            {
                continue;
            }

            var key = (protocol, new ServiceKey(svcNs.GetString()!, name.GetString()!));
            var objectName = metadata.GetProperty("name").GetString()!;
            if (!_objects.TryAdd(key, (objectName, item.TryGetProperty("status", out var s) ? s.GetRawText() : null)))
            {
                await DeleteObjectAsync(protocol, objectName, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task EnsureAsync(string node, (string Protocol, ServiceKey Service) key, JsonObject status, CancellationToken cancellationToken)
    {
        var (plural, prefix) = Resource(key.Protocol);
        var text = status.ToJsonString();
        try
        {
            if (!_objects.TryGetValue(key, out var existing))
            {
                var body = new JsonObject
                {
                    ["apiVersion"] = "metallb.io/v1beta1",
                    ["kind"] = key.Protocol == "layer2" ? "ServiceL2Status" : "ServiceBGPStatus",
                    ["metadata"] = new JsonObject
                    {
                        ["generateName"] = prefix,
                        ["namespace"] = ns,
                        ["labels"] = new JsonObject
                        {
                            [NodeLabel] = node,
                            [ServiceNameLabel] = key.Service.Name,
                            [ServiceNamespaceLabel] = key.Service.Namespace,
                        },
                    },
                };
                if (owner is { } pod)
                {
                    // Owned by this pod: garbage-collected with it, so a node that goes away leaves nothing stale.
                    body["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Pod",
                        ["name"] = pod.Name,
                        ["uid"] = pod.Uid,
                    });
                }

                var created = (JsonElement)await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, "metallb.io", "v1beta1", ns, plural, cancellationToken: cancellationToken).ConfigureAwait(false);
                existing = (created.GetProperty("metadata").GetProperty("name").GetString()!, null);
                _objects[key] = existing;
            }

            if (existing.Status != text)
            {
                await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(new JsonObject { ["status"] = status.DeepClone() }.ToJsonString(), V1Patch.PatchType.MergePatch),
                    "metallb.io", "v1beta1", ns, plural, existing.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                _objects[key] = (existing.Name, text);
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted behind our back: create it again next time.
            _objects.Remove(key);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            Log.WriteFailed(logger, key.Service, key.Protocol, e);
        }
    }

    private async Task DeleteAsync((string Protocol, ServiceKey Service) key, CancellationToken cancellationToken)
    {
        if (await DeleteObjectAsync(key.Protocol, _objects[key].Name, cancellationToken).ConfigureAwait(false))
        {
            _objects.Remove(key);
        }
    }

    private async Task<bool> DeleteObjectAsync(string protocol, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync("metallb.io", "v1beta1", ns, Resource(protocol).Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            Log.DeleteFailed(logger, name, e);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not write {Protocol} status of {Service}")]
        public static partial void WriteFailed(ILogger logger, ServiceKey service, string protocol, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Could not delete announcement status {Name}")]
        public static partial void DeleteFailed(ILogger logger, string name, Exception exception);
    }
}
