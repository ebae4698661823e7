using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Status;

/// <summary>
/// Writes the allocation back, only what differs from what the API server already holds: Service
/// <c>status.loadBalancer.ingress</c> plus the <c>metallb.io/ip-allocated-from-pool</c> annotation in one merge patch on the
/// status subresource (the Service status strategy keeps metadata changes, which is how MetalLB writes both), cleared status
/// for Services that stopped being LoadBalancer, IPAddressPool status counters, and Events on transitions only.
/// </summary>
internal sealed partial class ServiceStatusWriter(IKubernetes client, EventRecorder events, string metallbNamespace, int concurrency, ILogger logger)
{
    public const string PoolAnnotation = "metallb.io/ip-allocated-from-pool";

    // What we wrote and what we had observed then: until the watch shows our write, the same write is not repeated.
    private readonly ConcurrentDictionary<ServiceKey, (string Desired, string Observed)> _inFlight = new();
    private readonly ConcurrentDictionary<ServiceKey, string> _lastError = new();
    private readonly ConcurrentDictionary<string, string> _poolStatus = new(StringComparer.Ordinal);

    /// <summary>Status writes sent so far (for tests and the benchmark).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    private long _writes;

    /// <summary>Service status writes that failed so far; the source retries them with a later pass.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    private long _failures;

    public async Task WriteAsync(ClusterState state, AllocationResult allocation, CancellationToken cancellationToken)
    {
        var services = new Dictionary<ServiceKey, ServiceInfo>(state.Services.Count);
        foreach (var s in state.Services)
        {
            services[s.Key] = s;
        }

        var work = new List<(ServiceInfo Service, ServiceAssignment? Assignment)>();
        var assigned = new HashSet<ServiceKey>();
        foreach (var a in allocation.Assignments)
        {
            if (services.TryGetValue(a.Service, out var service))
            {
                work.Add((service, a));
                assigned.Add(a.Service);
            }
        }

        foreach (var service in state.Services)
        {
            // MetalLB clears Services that stopped being LoadBalancer.
            if (!service.IsLoadBalancer && !assigned.Contains(service.Key) && (service.StatusAddresses.Count > 0 || service.Annotations.ContainsKey(PoolAnnotation)))
            {
                work.Add((service, null));
            }
        }

        // Decide synchronously; only the Services whose status must change go out, in parallel.
        var writes = new List<(ServiceKey Key, IReadOnlyList<IPAddress> Addresses, string? Pool, string Desired, string Observed, bool NewAddresses)>();
        foreach (var (service, assignment) in work)
        {
            if (Plan(service, assignment) is { } write)
            {
                writes.Add(write);
            }
        }

        // Pool counters go out alongside, not after, the Service writes.
        var pools = Task.WhenAll(allocation.Pools.Select(pool => WritePoolAsync(pool, cancellationToken)));
        await Parallel.ForEachAsync(writes, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (w, ct) => await PatchAsync(w, ct).ConfigureAwait(false)).ConfigureAwait(false);
        await pools.ConfigureAwait(false);
    }

    private (ServiceKey Key, IReadOnlyList<IPAddress> Addresses, string? Pool, string Desired, string Observed, bool NewAddresses)? Plan(ServiceInfo service, ServiceAssignment? assignment)
    {
        var key = service.Key;
        var addresses = assignment?.Addresses ?? [];
        var pool = addresses.Count > 0 ? assignment!.Pool : null;
        if (assignment?.Error is { } error)
        {
            if (!_lastError.TryGetValue(key, out var previous) || previous != error)
            {
                _lastError[key] = error;
                events.Enqueue(key, "Warning", "AllocationFailed", $"Failed to allocate IP for \"{key}\": {error}");
            }
        }
        else
        {
            _lastError.TryRemove(key, out _);
        }

        var observed = Signature(service.StatusAddresses, service.Annotations.TryGetValue(PoolAnnotation, out var p) ? p : null);
        var desired = Signature(addresses, pool);
        if (observed == desired)
        {
            _inFlight.TryRemove(key, out _);
            return null;
        }

        if (_inFlight.TryGetValue(key, out var memo) && memo.Desired == desired && memo.Observed == observed)
        {
            return null;
        }

        return (key, addresses, pool, desired, observed, addresses.Count > 0 && !addresses.SequenceEqual(service.StatusAddresses));
    }

    private async Task PatchAsync((ServiceKey Key, IReadOnlyList<IPAddress> Addresses, string? Pool, string Desired, string Observed, bool NewAddresses) write, CancellationToken cancellationToken)
    {
        var (key, addresses, pool, desired, observed, newAddresses) = write;
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [PoolAnnotation] = pool } },
            ["status"] = new JsonObject
            {
                ["loadBalancer"] = new JsonObject
                {
                    ["ingress"] = addresses.Count == 0 ? null : new JsonArray([.. addresses.Select(a => (JsonNode)new JsonObject { ["ip"] = a.ToString() })]),
                },
            },
        };
        try
        {
            await client.CoreV1.PatchNamespacedServiceStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), key.Name, key.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted meanwhile; the watch will tell.
            return;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or Client.ApiResponseLimitException)
        {
            // A refused answer leaves the write's fate unknown: treat it as failed, and the next pass looks again.
            Interlocked.Increment(ref _failures);
            Log.WriteFailed(logger, key, e);
            return;
        }

        Interlocked.Increment(ref _writes);
        _inFlight[key] = (desired, observed);
        Log.StatusWritten(logger, key, desired);
        if (newAddresses)
        {
            events.Enqueue(key, "Normal", "IPAllocated", $"Assigned IP [{string.Join(", ", addresses.Select(a => $"\"{a}\""))}]");
        }
    }

    private async Task WritePoolAsync(PoolUsage pool, CancellationToken cancellationToken)
    {
        var status = new JsonObject
        {
            ["assignedIPv4"] = pool.InUseIPv4,
            ["assignedIPv6"] = pool.InUseIPv6,
            ["availableIPv4"] = pool.AvailableIPv4,
            ["availableIPv6"] = pool.AvailableIPv6,
        };
        var text = new JsonObject { ["status"] = status }.ToJsonString();
        if (_poolStatus.TryGetValue(pool.Pool, out var written) && written == text)
        {
            return;
        }

        try
        {
            await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(text, V1Patch.PatchType.MergePatch), "metallb.io", "v1beta1", metallbNamespace, "ipaddresspools", pool.Pool, cancellationToken: cancellationToken).ConfigureAwait(false);
            _poolStatus[pool.Pool] = text;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            Log.PoolWriteFailed(logger, pool.Pool, e);
        }
    }

    private static string Signature(IReadOnlyList<IPAddress> addresses, string? pool)
        => string.Join(",", addresses) + "|" + pool;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Wrote status of {Service}: {Status}")]
        public static partial void StatusWritten(ILogger logger, ServiceKey service, string status);

        [LoggerMessage(2, LogLevel.Warning, "Could not write status of {Service}")]
        public static partial void WriteFailed(ILogger logger, ServiceKey service, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Could not write status of IPAddressPool {Pool}")]
        public static partial void PoolWriteFailed(ILogger logger, string pool, Exception exception);
    }
}
