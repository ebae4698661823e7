using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>
/// An in-process Kubernetes API server that speaks the real HTTP protocol on loopback: list (with the collection's
/// resourceVersion, and in pages with <c>limit</c> and <c>continue</c> over a consistent snapshot), streamed watch (<c>?watch=true&amp;resourceVersion=N</c>, newline-delimited JSON events, bookmarks,
/// <c>Expired</c>), create/replace/delete, merge and JSON patch, the <c>/status</c> subresource and optimistic concurrency.
/// The real KubernetesClient runs against it. Tests reach the objects directly through the typed helpers.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeApiServer(WebApplication app, ResourceStore store, Uri baseAddress, string? token)
    {
        _app = app;
        Store = store;
        BaseAddress = baseAddress;
        Token = token;
    }

    /// <summary>The storage, for direct manipulation and fault injection.</summary>
    public ResourceStore Store { get; }

    /// <summary>http(s)://127.0.0.1:port.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bearer token requests must carry, when set.</summary>
    public string? Token { get; }

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Runs on the request's thread before a list request is answered: a test changes or compacts the store here to
    /// act exactly between two pages of one list.</summary>
    public Action<ListRequest>? BeforeList { get; set; }

    /// <summary>Runs before every request is answered, with the request as it will be recorded (status code 0): returning true
    /// means the interceptor wrote the answer itself (fault injection: an error status, a stall, a reset, raw bytes), and the
    /// request is recorded with the status it set.</summary>
    public Func<HttpContext, RecordedRequest, Task<bool>>? Intercept { get; set; }

    /// <summary>Writes <paramref name="line"/> as it is, newline-terminated, into every open watch of the resource, in order with
    /// its events: a test sends what no API server would (garbage, a wrong type, an object without metadata).</summary>
    public void InjectWatchLine(string plural, string line, string group = "")
        => Store.InjectRaw(FindType(group, plural), line);

    /// <summary>Answers every list in full, without <c>metadata.continue</c>, whatever <c>limit</c> asks for: the API server
    /// may do so (e.g. an aggregated API that does not page), and clients must cope.</summary>
    public bool IgnoresLimit { get; set; }

    /// <summary>Starts a server on 127.0.0.1 with a free port.</summary>
    /// <param name="certificate">Serve HTTPS with this certificate (for in-cluster configuration tests).</param>
    /// <param name="token">Require this bearer token.</param>
    public static async Task<FakeApiServer> StartAsync(X509Certificate2? certificate = null, string? token = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var store = new ResourceStore(ResourceType.Defaults);
        FakeApiServer? server = null;
        app.Run(async context =>
        {
            try
            {
                await server!.HandleAsync(context);
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                await WriteAsync(context, StoreResult.Failure(500, "InternalError", e.ToString()));
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeApiServer(app, store, new Uri(address), token);
        return server;
    }

    /// <summary>Writes a kubeconfig that points at this server and returns its path.</summary>
    public string WriteKubeconfig(string directory)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {BaseAddress.ToString().TrimEnd('/')}
            users:
            - name: fake
              user:
                token: {Token ?? "fake-token"}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            """);
        return path;
    }

    /// <summary>Creates an object from JSON text (kind and apiVersion name the resource).</summary>
    public JsonObject Create(string json) => Create(JsonNode.Parse(json)!.AsObject());

    /// <summary>Creates an object (kind and apiVersion name the resource).</summary>
    public JsonObject Create(JsonObject obj)
    {
        var (type, version) = TypeOf(obj);
        var result = Store.Create(type, version, (string?)obj["metadata"]?["namespace"], obj);
        return result.IsSuccess ? result.Body : throw new InvalidOperationException(result.Body.ToJsonString());
    }

    /// <summary>Reads an object, or null.</summary>
    public JsonObject? Get(string plural, string? ns, string name, string group = "")
        => Store.Get(FindType(group, plural), ns, name);

    /// <summary>Lists objects.</summary>
    public IReadOnlyList<JsonObject> List(string plural, string? ns = null, string group = "", string? labelSelector = null)
        => Store.List(FindType(group, plural), ns, labelSelector).Items;

    /// <summary>Applies a merge patch to an object (or its status).</summary>
    public JsonObject Patch(string plural, string? ns, string name, string mergePatch, string group = "", string? subresource = null)
    {
        var type = FindType(group, plural);
        var result = Store.Patch(type, type.Versions[0], ns, name, subresource, "application/merge-patch+json", JsonNode.Parse(mergePatch)!);
        return result.IsSuccess ? result.Body : throw new InvalidOperationException(result.Body.ToJsonString());
    }

    /// <summary>Deletes an object.</summary>
    public void Delete(string plural, string? ns, string name, string group = "")
    {
        var type = FindType(group, plural);
        var result = Store.Delete(type, type.Versions[0], ns, name);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(result.Body.ToJsonString());
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Store.DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private ResourceType FindType(string group, string plural) => Store.Find(group, plural);

    private (ResourceType Type, string Version) TypeOf(JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? throw new ArgumentException("apiVersion missing");
        var kind = (string?)obj["kind"] ?? throw new ArgumentException("kind missing");
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = apiVersion[(slash + 1)..];
        var plural = ResourceType.Defaults.First(t => t.Group == group && t.Kind == kind).Plural;
        return (Store.Find(group, plural), version);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (Token is not null && request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await WriteAsync(context, StoreResult.Failure(401, "Unauthorized", "Unauthorized"));
            return;
        }

        var path = ApiPath.Parse(request.Path.Value ?? string.Empty);
        var type = path is null ? null : Store.Resolve(path);
        if (path is null || type is null)
        {
            await WriteAsync(context, StoreResult.Failure(404, "NotFound", "the server could not find the requested resource"));
            return;
        }

        var query = request.Query;
        var watch = query["watch"] == "true" || query["watch"] == "1";
        var verb = request.Method switch
        {
            "GET" when path.Name is not null => "get",
            "GET" when watch => "watch",
            "GET" => "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => request.Method,
        };

        if (Intercept is { } intercept)
        {
            var pending = new RecordedRequest(verb, path.Group, path.Subresource is null ? path.Plural : path.Plural + "/" + path.Subresource, path.Namespace, path.Name, 0,
                int.TryParse(query["limit"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
                query["continue"].ToString() is { Length: > 0 } c ? c : null);
            if (await intercept(context, pending))
            {
                _requests.Enqueue(pending with { StatusCode = context.Response.StatusCode });
                return;
            }
        }

        StoreResult result;
        int? limit = null;
        string? continueToken = null;
        switch (verb)
        {
            case "watch":
                Record(verb, path, 200);
                await WatchAsync(context, type, path);
                return;
            case "list":
                {
                    // The API server reads limit as an integer; zero or less (like absence) means everything.
                    var limitText = query["limit"].ToString();
                    continueToken = query["continue"].ToString() is { Length: > 0 } token ? token : null;
                    if (limitText.Length > 0)
                    {
                        if (!int.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                        {
                            result = StoreResult.Failure(400, "BadRequest", $"limit: Invalid value: \"{limitText}\": must be an integer");
                            break;
                        }

                        limit = parsed;
                    }

                    var list = new ListRequest(type, path.Version, path.Namespace, query["labelSelector"], query["fieldSelector"], IgnoresLimit ? null : limit, continueToken);
                    BeforeList?.Invoke(list);
                    result = Store.ListPage(list);
                    break;
                }

            case "get":
                result = Store.Get(type, path.Namespace, path.Name!) is { } found
                    ? new StoreResult(200, Rewrite(found, type, path.Version))
                    : StoreResult.Failure(404, "NotFound", $"{type.Plural} \"{path.Name}\" not found");
                break;
            case "create":
                result = Store.Create(type, path.Version, path.Namespace, await ReadObjectAsync(request));
                break;
            case "update":
                result = Store.Replace(type, path.Version, path.Namespace, path.Name!, path.Subresource, await ReadObjectAsync(request));
                break;
            case "patch":
                result = Store.Patch(type, path.Version, path.Namespace, path.Name!, path.Subresource, request.ContentType ?? string.Empty,
                    JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted))!);
                break;
            case "delete":
                result = Store.Delete(type, path.Version, path.Namespace, path.Name!);
                break;
            default:
                result = StoreResult.Failure(405, "MethodNotAllowed", "method not allowed");
                break;
        }

        Record(verb, path, result.StatusCode, limit, continueToken);
        await WriteAsync(context, result);
    }

    private static JsonObject Rewrite(JsonObject obj, ResourceType type, string version)
    {
        obj["apiVersion"] = type.ApiVersion(version);
        return obj;
    }

    private void Record(string verb, ApiPath path, int status, int? limit = null, string? continueToken = null)
        => _requests.Enqueue(new RecordedRequest(verb, path.Group, path.Subresource is null ? path.Plural : path.Plural + "/" + path.Subresource, path.Namespace, path.Name, status,
            limit, continueToken));

    private async Task WatchAsync(HttpContext context, ResourceType type, ApiPath path)
    {
        var query = context.Request.Query;
        long? from = long.TryParse(query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : null;
        var subscription = Store.Watch(type, path.Version, path.Namespace, query["labelSelector"], query["fieldSelector"], from,
            query["allowWatchBookmarks"] == "true");
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (subscription is null)
        {
            await WriteLineAsync(context, ResourceStore.ExpiredEvent(from ?? 0));
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        try
        {
            await context.Response.StartAsync(timeout.Token);
            await foreach (var e in subscription.Events.Reader.ReadAllAsync(timeout.Token))
            {
                await WriteLineAsync(context, e);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the watch timed out: both end the watch.
        }
        finally
        {
            Store.Unwatch(subscription);
        }
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject e)
    {
        var bytes = e[ResourceStore.RawLineKey] is { } raw
            ? System.Text.Encoding.UTF8.GetBytes((string)raw!)
            : JsonSerializer.SerializeToUtf8Bytes(e, s_json);
        await context.Response.Body.WriteAsync(bytes);
        await context.Response.Body.WriteAsync("\n"u8.ToArray());
        await context.Response.Body.FlushAsync();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
        => (await JsonNode.ParseAsync(request.Body))?.AsObject() ?? new JsonObject();

    private static async Task WriteAsync(HttpContext context, StoreResult result)
    {
        context.Response.StatusCode = result.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.Body.ToJsonString(s_json));
    }
}
