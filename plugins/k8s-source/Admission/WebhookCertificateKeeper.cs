using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>
/// Run by the allocation leader alone: keeps the webhook's Secret holding a good certificate set
/// (<see cref="WebhookCertificates.Ensure"/>) and the ValidatingWebhookConfiguration's <c>caBundle</c> equal to its
/// bundle. Writes use the Secret's resourceVersion, so two leaders in a hand-over never both replace it; a conflict is
/// tried again on the next round.
/// </summary>
internal sealed partial class WebhookCertificateKeeper(IKubernetes client, string ns, WebhookOptions options, TimeProvider time, Func<bool> isLeader, ILogger logger)
{
    /// <summary>How often the leader checks the Secret and the bundle once it has.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>How often leadership is looked at, so a new leader acts within seconds.</summary>
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(2);

    private bool _missingConfigurationLogged;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var last = DateTimeOffset.MinValue;
        var wasLeader = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var leader = isLeader();
            if (leader && (!wasLeader || time.GetUtcNow() - last >= Period))
            {
                try
                {
                    await KeepAsync(cancellationToken).ConfigureAwait(false);
                    last = time.GetUtcNow();
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
                {
                    Log.Failed(logger, options.SecretName, e);
                }
            }

            wasLeader = leader;
            try
            {
                await Task.Delay(s_poll, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: the Secret checked (created or renewed when needed), then the bundle injected.</summary>
    public async Task KeepAsync(CancellationToken cancellationToken)
    {
        V1Secret? secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(options.SecretName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            secret = null;
        }

        var current = secret?.Data is { } data
            ? WebhookCertificateSet.FromData(data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value), StringComparer.Ordinal))
            : null;
        var next = WebhookCertificates.Ensure(current, options.ServiceName, ns, time.GetUtcNow());
        if (!ReferenceEquals(next, current))
        {
            var bytes = next.ToData().ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal);
            try
            {
                if (secret is null)
                {
                    await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
                    {
                        ApiVersion = "v1",
                        Kind = "Secret",
                        Metadata = new V1ObjectMeta { Name = options.SecretName, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ingot" } },
                        Type = "kubernetes.io/tls",
                        Data = bytes,
                    }, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    secret.Data = bytes;
                    secret.Type ??= "kubernetes.io/tls";
                    await client.CoreV1.ReplaceNamespacedSecretAsync(secret, options.SecretName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Another writer got there first (a leader hand-over): read it afresh next round.
                return;
            }

            Log.Issued(logger, options.SecretName, current is null ? "created" : "renewed");
        }

        await InjectAsync(next.CaBundle, cancellationToken).ConfigureAwait(false);
    }

    private async Task InjectAsync(string bundle, CancellationToken cancellationToken)
    {
        V1ValidatingWebhookConfiguration configuration;
        try
        {
            configuration = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(options.ConfigurationName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            if (!_missingConfigurationLogged)
            {
                _missingConfigurationLogged = true;
                Log.NoConfiguration(logger, options.ConfigurationName);
            }

            return;
        }

        _missingConfigurationLogged = false;
        var wanted = Encoding.UTF8.GetBytes(bundle);
        var patch = new JsonArray();
        var webhooks = configuration.Webhooks ?? [];
        for (var i = 0; i < webhooks.Count; i++)
        {
            if (webhooks[i].ClientConfig?.CaBundle is { } have && have.AsSpan().SequenceEqual(wanted))
            {
                continue;
            }

            patch.Add(new JsonObject
            {
                ["op"] = "add", // add replaces an existing member too (RFC 6902 §4.1)
                ["path"] = $"/webhooks/{i}/clientConfig/caBundle",
                ["value"] = Convert.ToBase64String(wanted),
            });
        }

        if (patch.Count > 0)
        {
            await client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), options.ConfigurationName, cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.Injected(logger, options.ConfigurationName, patch.Count);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "admission webhook certificate {Outcome} in Secret {Secret}")]
        public static partial void Issued(ILogger logger, string secret, string outcome);

        [LoggerMessage(Level = LogLevel.Information, Message = "CA bundle injected into {Configuration} ({Count} webhooks)")]
        public static partial void Injected(ILogger logger, string configuration, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "ValidatingWebhookConfiguration {Configuration} not found: the webhook gets no CA bundle until it is installed")]
        public static partial void NoConfiguration(ILogger logger, string configuration);

        [LoggerMessage(Level = LogLevel.Warning, Message = "keeping the admission webhook certificate in Secret {Secret} failed; trying again")]
        public static partial void Failed(ILogger logger, string secret, Exception exception);
    }
}
