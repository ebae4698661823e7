using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.Admission;

/// <summary>Calls the webhook as the API server does: HTTPS to the Service's DNS name (here resolved to loopback),
/// trusting only the CA bundle it was given, and records the certificate each handshake presented.</summary>
internal sealed class WebhookClient : IDisposable
{
    private readonly HttpClient _http;

    public WebhookClient(int port, string caBundlePem, string serviceName = "ingot-webhook.metallb-system.svc")
    {
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPem(caBundlePem);
        var handler = new SocketsHttpHandler
        {
            // The API server dials the Service name; the connection goes to loopback, the name is what TLS checks.
            ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    LastThumbprint = presented.Thumbprint;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(presented) && presented.MatchesHostname(serviceName);
                },
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"https://{serviceName}:{port}") };
    }

    public string? LastThumbprint { get; private set; }

    public Task<HttpResponseMessage> PostAsync(string body)
        => _http.PostAsync("/validate", new StringContent(body, Encoding.UTF8, "application/json"));

    public async Task<(HttpStatusCode Status, JsonObject Response)> ReviewAsync(string body)
    {
        using var response = await PostAsync(body);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (response.StatusCode, json["response"]!.AsObject());
    }

    /// <summary>An AdmissionReview as the API server sends it.</summary>
    public static string Review(string uid, string operation, string kind, string version, string name, string? obj, string ns = "metallb-system") => $$$"""
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"{{{uid}}}","kind":{"group":"metallb.io","version":"{{{version}}}","kind":"{{{kind}}}"},
          "resource":{"group":"metallb.io","version":"{{{version}}}","resource":"{{{kind.ToLowerInvariant()}}}s"},
          "name":"{{{name}}}","namespace":"{{{ns}}}","operation":"{{{operation}}}",
          "userInfo":{"username":"kubernetes-admin","groups":["system:masters","system:authenticated"]},
          "object":{{{obj ?? "null"}}},"oldObject":null,"dryRun":false,
          "options":{"apiVersion":"meta.k8s.io/v1","kind":"CreateOptions"} } }
        """;

    public void Dispose() => _http.Dispose();
}
