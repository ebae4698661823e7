using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>An HTTP status code and the JSON body to answer with (an object or a <c>Status</c>).</summary>
public sealed record StoreResult(int StatusCode, JsonObject Body)
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>A <c>meta/v1 Status</c> failure, as the API server writes it.</summary>
    public static StoreResult Failure(int code, string reason, string message) => new(code, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    });
}
