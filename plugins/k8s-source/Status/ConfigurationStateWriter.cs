using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ingot.Sdk.Configuration;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Status;

/// <summary>
/// Writes MetalLB's <c>ConfigurationState</c> objects (<c>controller</c> by the allocation leader, <c>speaker-&lt;node&gt;</c>
/// by every pod): result Valid/Invalid, the error summary (messages joined by newlines) and the <c>configReconcilerValid</c>
/// condition. Written only when the result or the summary changes.
/// </summary>
internal sealed partial class ConfigurationStateWriter(IKubernetes client, string ns, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);

    public async Task WriteAsync(string name, string componentType, string? nodeName, IReadOnlyList<ConfigurationDiagnostic> errors, CancellationToken cancellationToken)
    {
        var valid = errors.Count == 0;
        var summary = string.Join("\n", errors.Select(e => e.ToString()));
        var signature = valid + "|" + summary;
        if (_written.TryGetValue(name, out var previous) && previous == signature)
        {
            return;
        }

        try
        {
            await EnsureExistsAsync(name, componentType, nodeName, cancellationToken).ConfigureAwait(false);
            var status = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["result"] = valid ? "Valid" : "Invalid",
                    ["errorSummary"] = summary,
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "configReconcilerValid",
                        ["status"] = valid ? "True" : "False",
                        ["reason"] = valid ? "Reconciled" : "ConfigurationError",
                        ["message"] = summary,
                        ["lastTransitionTime"] = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    }),
                },
            };
            await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch),
                "metallb.io", "v1beta1", ns, "configurationstates", name, cancellationToken: cancellationToken).ConfigureAwait(false);
            _written[name] = signature;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            Log.WriteFailed(logger, name, e);
        }
    }

    private async Task EnsureExistsAsync(string name, string componentType, string? nodeName, CancellationToken cancellationToken)
    {
        if (_written.ContainsKey(name))
        {
            return;
        }

        try
        {
            await client.CustomObjects.GetNamespacedCustomObjectAsync("metallb.io", "v1beta1", ns, "configurationstates", name, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }

        var labels = new JsonObject { ["metallb.io/component-type"] = componentType };
        if (nodeName is not null)
        {
            labels["metallb.io/node-name"] = nodeName;
        }

        var body = new JsonObject
        {
            ["apiVersion"] = "metallb.io/v1beta1",
            ["kind"] = "ConfigurationState",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
        };
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, "metallb.io", "v1beta1", ns, "configurationstates", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by our predecessor meanwhile.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not write ConfigurationState {Name}")]
        public static partial void WriteFailed(ILogger logger, string name, Exception exception);
    }
}
