using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>
/// The fake API server's storage: objects per resource with one global, growing <c>resourceVersion</c>, an event log that
/// watches replay from, and the open watches. Everything happens under one lock, so the order of events is the order of
/// writes, as with etcd. Each resource's objects are an immutable map replaced on every write, so a paged list keeps reading
/// the map of its first page (its snapshot) until compaction, as etcd serves a revision until it is compacted.
/// </summary>
public sealed class ResourceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableSortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string StorageKey, long ResourceVersion), ImmutableSortedDictionary<string, JsonObject>> _snapshots = [];
    private readonly List<(long Rv, ResourceType Type, string EventType, JsonObject Object)> _log = [];
    private readonly List<WatchSubscription> _watches = [];
    private long _resourceVersion = 1000;
    private long _compactedBelow;
    private bool _suspended;
    private int _nameCounter;

    /// <summary>Creates a store serving <paramref name="types"/>.</summary>
    public ResourceStore(IEnumerable<ResourceType> types)
    {
        foreach (var type in types)
        {
            _types[type.StorageKey] = type;
            _objects[type.StorageKey] = ImmutableSortedDictionary.Create<string, JsonObject>(StringComparer.Ordinal);
        }
    }

    /// <summary>Called inside the store's lock after every write with the event type and the stored object (do not keep or
    /// change it): lets a benchmark time the moment a write lands.</summary>
    public Action<string, ResourceType, JsonObject>? Committed { get; set; }

    /// <summary>The newest resourceVersion.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>Number of open watches.</summary>
    public int OpenWatches
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>Finds the resource type for a path, or null when that group/version/resource is not served.</summary>
    public ResourceType? Resolve(ApiPath path)
    {
        lock (_gate)
        {
            var key = path.Group.Length == 0 ? path.Plural : path.Plural + "." + path.Group;
            return _types.TryGetValue(key, out var type) && type.Versions.Contains(path.Version) ? type : null;
        }
    }

    /// <summary>The resource type by group and plural, whatever versions it serves.</summary>
    public ResourceType Find(string group, string plural)
    {
        lock (_gate)
        {
            return _types[group.Length == 0 ? plural : plural + "." + group];
        }
    }

    /// <summary>Stops (or starts) serving a version of a resource, e.g. a cluster that serves BGPPeer v1beta1 only.</summary>
    public void SetVersions(string group, string plural, params string[] versions)
    {
        lock (_gate)
        {
            var key = group.Length == 0 ? plural : plural + "." + group;
            _types[key] = _types[key] with { Versions = versions };
        }
    }

    /// <summary>Reads one object (a copy) or null.</summary>
    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects[type.StorageKey].TryGetValue(Key(ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>Lists objects (copies) and the collection's resourceVersion.</summary>
    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, string? labelSelector = null, string? fieldSelector = null)
    {
        lock (_gate)
        {
            var items = Matching(_objects[type.StorageKey].Values, ns, labelSelector, fieldSelector)
                .Select(o => (JsonObject)o.DeepClone())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>
    /// Answers a list request as the API server does: everything at the newest resourceVersion without a limit; with one, at
    /// most that many objects and, when more remain, <c>metadata.continue</c> and <c>metadata.remainingItemCount</c> (only
    /// without selectors, where the count is exact). A continue token reads the snapshot of its first page, so objects
    /// written meanwhile neither appear nor vanish within one list; a token whose snapshot was compacted away answers
    /// <c>410 Gone</c>, reason <c>Expired</c>.
    /// </summary>
    public StoreResult ListPage(ListRequest request)
    {
        var type = request.Type;
        ContinueToken? token = null;
        if (request.Continue is { Length: > 0 } text && !ContinueToken.TryDecode(text, out token))
        {
            return StoreResult.Failure(400, "BadRequest", "continue key is not valid: " + text);
        }

        lock (_gate)
        {
            ImmutableSortedDictionary<string, JsonObject>? objects;
            long resourceVersion;
            if (token is null)
            {
                objects = _objects[type.StorageKey];
                resourceVersion = _resourceVersion;
            }
            else if (!_snapshots.TryGetValue((type.StorageKey, token.ResourceVersion), out objects))
            {
                return StoreResult.Failure(410, "Expired",
                    $"The provided continue parameter is too old to display a consistent list result (resourceVersion {token.ResourceVersion} was compacted). Start a new list without the continue parameter.");
            }
            else
            {
                resourceVersion = token.ResourceVersion;
            }

            var after = token?.After;
            var remaining = objects.Where(kv => after is null || string.CompareOrdinal(kv.Key, after) > 0).Select(kv => kv.Value);
            var matching = Matching(remaining, request.Namespace, request.LabelSelector, request.FieldSelector).ToList();
            var count = request.Limit is > 0 and var limit ? Math.Min(limit, matching.Count) : matching.Count;
            var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
            if (count < matching.Count)
            {
                // Later pages read this same map; it stays until compaction, like an etcd revision.
                _snapshots.TryAdd((type.StorageKey, resourceVersion), objects);
                var last = matching[count - 1]["metadata"]!;
                metadata["continue"] = new ContinueToken(resourceVersion, Key((string?)last["namespace"], (string)last["name"]!)).Encode();
                if (string.IsNullOrEmpty(request.LabelSelector) && string.IsNullOrEmpty(request.FieldSelector))
                {
                    metadata["remainingItemCount"] = (long)(matching.Count - count);
                }
            }

            return new StoreResult(200, new JsonObject
            {
                ["kind"] = type.Kind + "List",
                ["apiVersion"] = type.ApiVersion(request.Version),
                ["metadata"] = metadata,
                ["items"] = new JsonArray([.. matching.Take(count).Select(o => (JsonNode)Output(o, type, request.Version))]),
            });
        }
    }

    /// <summary>Creates an object (POST).</summary>
    public StoreResult Create(ResourceType type, string version, string? ns, JsonObject body)
    {
        lock (_gate)
        {
            var obj = (JsonObject)body.DeepClone();
            var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
            obj["metadata"] = metadata;
            var name = (string?)metadata["name"];
            if (string.IsNullOrEmpty(name))
            {
                var prefix = (string?)metadata["generateName"];
                if (string.IsNullOrEmpty(prefix))
                {
                    return StoreResult.Failure(422, "Invalid", $"{type.Kind} \"\": metadata.name: Required value: name or generateName is required");
                }

                name = prefix + (++_nameCounter).ToString("x5", CultureInfo.InvariantCulture);
                metadata["name"] = name;
            }

            if (type.Namespaced)
            {
                ns ??= (string?)metadata["namespace"];
                metadata["namespace"] = ns;
            }

            if (_objects[type.StorageKey].ContainsKey(Key(ns, name)))
            {
                return StoreResult.Failure(409, "AlreadyExists", $"{type.Plural}{(type.Group.Length > 0 ? "." + type.Group : string.Empty)} \"{name}\" already exists");
            }

            // The API server resets status on create for resources whose status is a subresource written by controllers.
            if (type.HasStatus && type.Plural is not ("nodes" or "namespaces" or "pods"))
            {
                obj.Remove("status");
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            metadata["generation"] = 1L;
            obj["kind"] = type.Kind;
            obj["apiVersion"] = type.ApiVersion(version);
            Commit(type, "ADDED", Key(ns, name), obj);
            return new StoreResult(201, Output(obj, type, version));
        }
    }

    /// <summary>Replaces an object or its status (PUT), with the optimistic-concurrency check on
    /// <c>metadata.resourceVersion</c>.</summary>
    public StoreResult Replace(ResourceType type, string version, string? ns, string name, string? subresource, JsonObject body)
        => Update(type, version, ns, name, subresource, body["metadata"]?["resourceVersion"]?.ToString(), _ => (JsonObject)body.DeepClone());

    /// <summary>Patches an object or its status (PATCH) with a merge patch or a JSON patch.</summary>
    public StoreResult Patch(ResourceType type, string version, string? ns, string name, string? subresource, string contentType, JsonNode patch)
    {
        string? precondition = null;
        if (contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal))
        {
            if (patch is not JsonArray operations)
            {
                return StoreResult.Failure(400, "BadRequest", "json patch must be an array");
            }

            return Update(type, version, ns, name, subresource, null, current => (JsonObject)JsonPatching.ApplyJsonPatch(current, operations));
        }

        if (!contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal)
            && !contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal))
        {
            return StoreResult.Failure(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json; got {contentType}");
        }

        precondition = patch["metadata"]?["resourceVersion"]?.ToString();
        return Update(type, version, ns, name, subresource, precondition, current => (JsonObject)JsonPatching.MergePatch(current, patch)!);
    }

    /// <summary>Deletes an object (DELETE).</summary>
    public StoreResult Delete(ResourceType type, string version, string? ns, string name)
    {
        lock (_gate)
        {
            var key = Key(ns, name);
            if (!_objects[type.StorageKey].TryGetValue(key, out var current))
            {
                return NotFound(type, name);
            }

            var deleted = (JsonObject)current.DeepClone();
            Commit(type, "DELETED", key, deleted);
            return new StoreResult(200, Output(deleted, type, version));
        }
    }

    /// <summary>Opens a watch from <paramref name="fromResourceVersion"/> (events after it are replayed). Returns null when that
    /// version has been compacted away: the caller answers with an <c>Expired</c> error.</summary>
    public WatchSubscription? Watch(ResourceType type, string version, string? ns, string? labelSelector, string? fieldSelector, long? fromResourceVersion, bool bookmarks)
    {
        lock (_gate)
        {
            var watch = new WatchSubscription(type, version, ns, labelSelector, fieldSelector, bookmarks);
            if (fromResourceVersion is null or 0)
            {
                // "Any" resourceVersion: synthetic ADDED for everything, then changes.
                foreach (var obj in _objects[type.StorageKey].Values.Where(o => watch.Wants(type, o)))
                {
                    watch.Events.Writer.TryWrite(Event("ADDED", Output(obj, type, version)));
                }
            }
            else if (fromResourceVersion < _compactedBelow)
            {
                return null;
            }
            else
            {
                foreach (var e in _log.Where(e => e.Rv > fromResourceVersion && watch.Wants(e.Type, e.Object)))
                {
                    watch.Events.Writer.TryWrite(Event(e.EventType, Output(e.Object, type, version)));
                }
            }

            _watches.Add(watch);
            return watch;
        }
    }

    /// <summary>Forgets a watch once its connection closed.</summary>
    public void Unwatch(WatchSubscription watch)
    {
        lock (_gate)
        {
            _watches.Remove(watch);
        }
    }

    /// <summary>Holds back events from open watches (they stay in the log) until <see cref="Resume"/>,
    /// <see cref="DropWatches"/> or <see cref="ExpireWatches"/>.</summary>
    public void Suspend()
    {
        lock (_gate)
        {
            _suspended = true;
        }
    }

    /// <summary>Delivers events again, starting with the ones held back.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _suspended = false;
            CloseAll(error: null);
        }
    }

    /// <summary>Closes every open watch without an error, as a load balancer or an API server restart does. Clients resume from
    /// their last resourceVersion and get what they missed from the log.</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            _suspended = false;
            CloseAll(error: null);
        }
    }

    /// <summary>Compacts the log (every resourceVersion seen so far becomes too old) and ends every open watch with an
    /// <c>ERROR</c> event, reason <c>Expired</c>, code 410: clients must list again.</summary>
    public void ExpireWatches()
    {
        lock (_gate)
        {
            _suspended = false;
            Compact();
            CloseAll(ExpiredEvent(_resourceVersion - 1));
        }
    }

    /// <summary>Compacts as etcd does every few minutes: every resourceVersion seen so far becomes too old, so the snapshots
    /// of unfinished paged lists are gone (their continue tokens answer <c>Expired</c>) and a watch from an old version is
    /// refused. Open watches keep streaming.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _resourceVersion++;
            _compactedBelow = _resourceVersion;
            _log.Clear();
            _snapshots.Clear();
        }
    }

    /// <summary>Marks an event that is a raw line (<see cref="InjectRaw"/>), written as it is instead of as JSON.</summary>
    public const string RawLineKey = "\u0000raw";

    /// <summary>Queues a raw line into every open watch of <paramref name="type"/>, in order with its events.</summary>
    public void InjectRaw(ResourceType type, string line)
    {
        lock (_gate)
        {
            foreach (var watch in _watches.Where(w => w.Type.StorageKey == type.StorageKey))
            {
                watch.Events.Writer.TryWrite(new JsonObject { [RawLineKey] = line });
            }
        }
    }

    /// <summary>Sends a BOOKMARK with the newest resourceVersion to every watch that allows bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var watch in _watches.Where(w => w.AllowBookmarks))
            {
                watch.Events.Writer.TryWrite(Event("BOOKMARK", new JsonObject
                {
                    ["kind"] = watch.Type.Kind,
                    ["apiVersion"] = watch.Type.ApiVersion(watch.Version),
                    ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture) },
                }));
            }
        }
    }

    /// <summary>The watch event the API server sends when a resourceVersion is too old.</summary>
    public static JsonObject ExpiredEvent(long requested) => Event("ERROR", StoreResult.Failure(410, "Expired", $"too old resource version: {requested}").Body);

    private static JsonObject Event(string type, JsonObject obj) => new() { ["type"] = type, ["object"] = obj };

    private static IEnumerable<JsonObject> Matching(IEnumerable<JsonObject> objects, string? ns, string? labelSelector, string? fieldSelector)
        => objects.Where(o => (ns is null || (string?)o["metadata"]?["namespace"] == ns) && LabelSelectorFilter.Matches(o, labelSelector, fieldSelector));

    private static string Key(string? ns, string name) => ns is null ? name : ns + "/" + name;

    private static StoreResult NotFound(ResourceType type, string name)
        => StoreResult.Failure(404, "NotFound", $"{type.Plural}{(type.Group.Length > 0 ? "." + type.Group : string.Empty)} \"{name}\" not found");

    private static JsonObject Output(JsonObject obj, ResourceType type, string version)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] = type.ApiVersion(version);
        return copy;
    }

    private StoreResult Update(ResourceType type, string version, string? ns, string name, string? subresource, string? precondition, Func<JsonObject, JsonObject> change)
    {
        lock (_gate)
        {
            var key = Key(ns, name);
            if (!_objects[type.StorageKey].TryGetValue(key, out var current))
            {
                return NotFound(type, name);
            }

            var currentRv = (string?)current["metadata"]!["resourceVersion"];
            if (!string.IsNullOrEmpty(precondition) && precondition != currentRv)
            {
                return StoreResult.Failure(409, "Conflict", $"Operation cannot be fulfilled on {type.Plural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
            }

            JsonObject next;
            try
            {
                next = change((JsonObject)current.DeepClone());
            }
            catch (InvalidOperationException e)
            {
                return StoreResult.Failure(422, "Invalid", e.Message);
            }

            if (subresource == "status")
            {
                // Only status changes through /status; Services also keep label and annotation changes (their status strategy
                // resets spec only), which is how MetalLB writes ip-allocated-from-pool together with the status.
                var merged = (JsonObject)current.DeepClone();
                merged.Remove("status");
                if (next["status"] is { } status)
                {
                    merged["status"] = status.DeepClone();
                }

                if (type.Plural == "services")
                {
                    var metadata = (JsonObject)merged["metadata"]!;
                    foreach (var field in new[] { "labels", "annotations" })
                    {
                        metadata.Remove(field);
                        if (next["metadata"]?[field] is { } value)
                        {
                            metadata[field] = value.DeepClone();
                        }
                    }
                }

                next = merged;
            }
            else if (subresource is not null)
            {
                return StoreResult.Failure(404, "NotFound", $"subresource {subresource} not found");
            }
            else
            {
                if (type.HasStatus)
                {
                    next.Remove("status");
                    if (current["status"] is { } status)
                    {
                        next["status"] = status.DeepClone();
                    }
                }

                // Identity fields are the server's.
                var metadata = next["metadata"] as JsonObject ?? new JsonObject();
                next["metadata"] = metadata;
                foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "generation" })
                {
                    metadata.Remove(field);
                    if (current["metadata"]![field] is { } value)
                    {
                        metadata[field] = value.DeepClone();
                    }
                }

                if (!JsonNode.DeepEquals(next["spec"], current["spec"]))
                {
                    metadata["generation"] = long.Parse(current["metadata"]!["generation"]?.ToString() ?? "0", CultureInfo.InvariantCulture) + 1;
                }
            }

            next["kind"] = type.Kind;
            next["metadata"]!["resourceVersion"] = currentRv;
            next["apiVersion"] = current["apiVersion"]?.DeepClone();
            if (JsonNode.DeepEquals(next, current))
            {
                // A no-op write changes nothing and produces no event, as in Kubernetes.
                return new StoreResult(200, Output(current, type, version));
            }

            Commit(type, "MODIFIED", key, next);
            return new StoreResult(200, Output(next, type, version));
        }
    }

    private void Commit(ResourceType type, string eventType, string key, JsonObject obj)
    {
        _resourceVersion++;
        obj["metadata"]!["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture);
        var objects = _objects[type.StorageKey];
        _objects[type.StorageKey] = eventType == "DELETED" ? objects.Remove(key) : objects.SetItem(key, obj);

        var snapshot = (JsonObject)obj.DeepClone();
        _log.Add((_resourceVersion, type, eventType, snapshot));
        Committed?.Invoke(eventType, type, snapshot);
        if (_suspended)
        {
            return;
        }

        foreach (var watch in _watches.Where(w => w.Wants(type, snapshot)))
        {
            watch.Events.Writer.TryWrite(Event(eventType, Output(snapshot, type, watch.Version)));
        }
    }

    private void CloseAll(JsonObject? error)
    {
        foreach (var watch in _watches)
        {
            if (error is not null)
            {
                watch.Events.Writer.TryWrite((JsonObject)error.DeepClone());
            }

            watch.Events.Writer.TryComplete();
        }

        _watches.Clear();
    }
}
