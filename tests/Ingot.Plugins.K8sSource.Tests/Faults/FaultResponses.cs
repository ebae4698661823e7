using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Ingot.Plugins.K8sSource.Tests.Faults;

/// <summary>Answers as a troubled API server does: a <c>Status</c> body with the code and reason, optionally Retry-After.</summary>
internal static class FaultResponses
{
    public static async Task<bool> StatusAsync(HttpContext context, int code, string reason, string message, int? retryAfterSeconds = null)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        await context.Response.WriteAsync(status.ToJsonString());
        return true;
    }
}
