using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Ingot.Plugins.K8sSource.Mapping;
using k8s;
using k8s.Autorest;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>
/// List and watch of a <c>metallb.io</c> kind in one namespace through the custom-objects API, trying the served versions in
/// order of preference (BGPPeer: v1beta2, then v1beta1 on a cluster that does not serve v1beta2 yet).
/// </summary>
/// <typeparam name="T">The mapped type.</typeparam>
internal sealed class CustomResourceEndpoint<T>(
    IKubernetes client,
    string group,
    IReadOnlyList<string> versions,
    string ns,
    string plural,
    TimeSpan watchTimeout,
    Func<JsonElement, string, T?> map) : IResourceEndpoint<T>
    where T : class
{
    private string _version = versions[0];

    public string Name => plural + "." + group;

    /// <summary>The version listed and watched.</summary>
    public string Version => _version;

    public async Task<ListPage<T>> ListPageAsync(int? limit, string? continueToken, CancellationToken cancellationToken)
    {
        if (continueToken is not null)
        {
            // A continued page belongs to the version whose first page issued the token.
            return Page(await ListAsync(_version, limit, continueToken, cancellationToken).ConfigureAwait(false));
        }

        for (var i = 0; ; i++)
        {
            try
            {
                var result = await ListAsync(versions[i], limit, null, cancellationToken).ConfigureAwait(false);
                _version = versions[i];
                return Page(result);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && i + 1 < versions.Count)
            {
                // This version is not served here; fall back to the next one.
            }
        }
    }

    public async IAsyncEnumerable<InformerEvent<T>> WatchAsync(string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = WatchStream.ReadAsync(Name, (e, ct) => client.CustomObjects.WatchListNamespacedCustomObjectAsync(group, _version, ns, plural,
            allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: (int)watchTimeout.TotalSeconds, onError: e, cancellationToken: ct), onError, cancellationToken);
        await foreach (var (type, raw) in stream.ConfigureAwait(false))
        {
            if (raw is not JsonElement { ValueKind: JsonValueKind.Object } obj)
            {
                throw new UndecodableEventException($"{Name}: a {type.ToString().ToUpperInvariant()} event whose object is not a JSON object");
            }

            var rv = JsonFields.Child(obj, "metadata") is { } md && JsonFields.Child(md, "resourceVersion") is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var key = NameOf(obj, "an " + type.ToString().ToUpperInvariant() + " event");
                    var value = Map(obj, key);
                    yield return value is null
                        ? new InformerEvent<T>(InformerEventType.Deleted, key, rv, null)
                        : new InformerEvent<T>(type == WatchEventType.Added ? InformerEventType.Added : InformerEventType.Modified, key, rv, value);
                    break;
                case WatchEventType.Deleted:
                    yield return new InformerEvent<T>(InformerEventType.Deleted, NameOf(obj, "a DELETED event"), rv, null);
                    break;
                case WatchEventType.Bookmark:
                    yield return new InformerEvent<T>(InformerEventType.Bookmark, null, rv, null);
                    break;
                default:
                    break;
            }
        }
    }

    private async Task<JsonElement> ListAsync(string version, int? limit, string? continueToken, CancellationToken cancellationToken)
        => (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(group, version, ns, plural, continueParameter: continueToken, limit: limit,
            cancellationToken: cancellationToken).ConfigureAwait(false);

    private ListPage<T> Page(JsonElement result)
    {
        var items = new List<KeyValuePair<string, T>>();
        if (JsonFields.Child(result, "items") is not { ValueKind: JsonValueKind.Array } list)
        {
            throw new UndecodableEventException($"list of {Name}: the answer has no items array");
        }

        foreach (var item in list.EnumerateArray())
        {
            var key = NameOf(item, "a listed object");
            if (Map(item, key) is { } value)
            {
                items.Add(new(key, value));
            }
        }

        var metadata = result.TryGetProperty("metadata", out var md) ? md : default;
        return new ListPage<T>(items, ListMetadata(metadata, "resourceVersion") ?? "0", ListMetadata(metadata, "continue"));
    }

    private static string? ListMetadata(JsonElement metadata, string field)
        => metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(field, out var value) ? value.GetString() : null;

    /// <summary>The object's name; an object without one cannot be stored, and skipping it would lose it.</summary>
    private string NameOf(JsonElement obj, string what)
        => JsonFields.Child(obj, "metadata") is { } md && JsonFields.Child(md, "name") is { ValueKind: JsonValueKind.String } name && name.GetString() is { Length: > 0 } text
            ? text
            : throw new UndecodableEventException($"{Name}: {what} without metadata.name");

    private T? Map(JsonElement obj, string key)
    {
        try
        {
            return map(obj, _version);
        }
#pragma warning disable CA1031 // Whatever the mapping throws on, the object cannot be read: the informer lists again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new UndecodableEventException($"{Name} {key}: the object could not be read: {e.Message}", e);
        }
    }
}
