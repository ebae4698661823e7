using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ingot.Plugins.K8sSource.Admission;

namespace Ingot.Plugins.K8sSource.Tests.Admission;

/// <summary>The webhook end to end: the real source against the fake API server, the leader issuing the certificate into
/// the Secret and the CA bundle into the ValidatingWebhookConfiguration, and reviews over real HTTPS trusting only that
/// bundle.</summary>
public sealed class AdmissionServerTests : IAsyncLifetime
{
    private const string Ns = "metallb-system";
    private const string SecretName = "ingot-webhook-cert";
    private const string ConfigurationName = "ingot-validating-webhook";
    private FakeApiServer.FakeApiServer _server = null!;
    private SourceHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.FakeApiServer.StartAsync();
        _server.Create(TestObjects.Node("node-a"));
        _server.Create(TestObjects.Pool(Ns, "a", "\"192.0.2.0/25\""));
        _server.Create(KeeperRound.Configuration);        _harness = SourceHarness.Start(_server, configure: o => o.Webhook = new WebhookOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) });
        await TestWait.UntilAsync(() => Bundle() is not null && InjectedBundles().All(b => b == Bundle()), "the CA bundle injected into both webhooks");
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Create_OverlappingPool_RefusedOverHttpsWithTheValidateMessage()
    {
        using var client = await ClientAsync();
        var incoming = TestObjects.Pool(Ns, "b", "\"192.0.2.64/26\"");

        var (status, response) = await client.ReviewAsync(WebhookClient.Review("u-1", "CREATE", "IPAddressPool", "v1beta1", "b", incoming));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("u-1", (string?)response["uid"]);
        Assert.False((bool)response["allowed"]!);
        Assert.Equal(403, (int)response["status"]!["code"]!);
        Assert.Equal("IPAddressPool/b: CIDR \"192.0.2.64/26\" in pool \"b\" overlaps with already defined CIDR \"192.0.2.0/25\"", (string?)response["status"]!["message"]);
    }

    [Fact]
    public async Task Create_DisjointPool_Allowed_ThenSeenByTheNextReview()
    {
        using var client = await ClientAsync();

        var (_, allowed) = await client.ReviewAsync(WebhookClient.Review("u-2", "CREATE", "IPAddressPool", "v1beta1", "c", TestObjects.Pool(Ns, "c", "\"192.0.2.128/26\"")));
        _server.Create(TestObjects.Pool(Ns, "c", "\"192.0.2.128/26\""));
        await TestWait.UntilAsync(() => _harness.Source.Inputs().MetalLb.Any(m => m.Resource.Name == "c"), "pool c in the informer");
        var (_, refused) = await client.ReviewAsync(WebhookClient.Review("u-3", "CREATE", "IPAddressPool", "v1beta1", "d", TestObjects.Pool(Ns, "d", "\"192.0.2.160/27\"")));

        Assert.True((bool)allowed["allowed"]!);
        Assert.Null(allowed["status"]);
        Assert.False((bool)refused["allowed"]!);
        Assert.Contains("overlaps", (string?)refused["status"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PeerWithMissingSecret_AllowedWithWarning()
    {
        using var client = await ClientAsync();
        var peer = """
            {"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"p","namespace":"metallb-system"},
             "spec":{"myASN":64512,"peerASN":64513,"peerAddress":"192.0.2.254","passwordSecret":{"name":"later"}}}
            """;

        var (_, response) = await client.ReviewAsync(WebhookClient.Review("u-4", "CREATE", "BGPPeer", "v1beta2", "p", peer));

        Assert.True((bool)response["allowed"]!);
        Assert.Contains(response["warnings"]!.AsArray(), w => ((string?)w)!.StartsWith("BGPPeer/p: secret ref not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_BfdProfileAPeerUses_Refused()
    {
        _server.Create("""{"apiVersion":"metallb.io/v1beta1","kind":"BFDProfile","metadata":{"name":"fast","namespace":"metallb-system"},"spec":{}}""");
        _server.Create("""
            {"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"p","namespace":"metallb-system"},
             "spec":{"myASN":64512,"peerASN":64513,"peerAddress":"192.0.2.254","bfdProfile":"fast"}}
            """);
        await TestWait.UntilAsync(() => _harness.Source.Inputs().MetalLb.Count(m => m.Resource.Name is "fast" or "p") == 2, "profile and peer in the informers");
        using var client = await ClientAsync();

        var (_, response) = await client.ReviewAsync(WebhookClient.Review("u-5", "DELETE", "BFDProfile", "v1beta1", "fast", null));

        Assert.False((bool)response["allowed"]!);
        Assert.Equal("failed to delete BFDProfile fast: BGPPeer/p: peer p referencing non existing bfd profile fast", (string?)response["status"]!["message"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"IPAddressPool","version":"v1beta1"},"operation":"CONNECT","name":"x"}}""")]
    [InlineData("""[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]""")]
    public async Task MalformedBody_ClearRefusal_AndTheServerKeepsServing(string body)
    {
        using var client = await ClientAsync();

        using var bad = await client.PostAsync(body);
        var text = await bad.Content.ReadAsStringAsync();
        var (_, good) = await client.ReviewAsync(WebhookClient.Review("u-6", "CREATE", "IPAddressPool", "v1beta1", "e", TestObjects.Pool(Ns, "e", "\"198.51.100.0/28\"")));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var response = JsonNode.Parse(text)!["response"]!;
        Assert.False((bool)response["allowed"]!);
        Assert.StartsWith("AdmissionReview: ", (string?)response["status"]!["message"], StringComparison.Ordinal);
        Assert.True((bool)good["allowed"]!);
    }

    [Fact]
    public async Task HundredConcurrentReviews_EachAnsweredForItsOwnUid()
    {
        using var client = await ClientAsync();

        var reviews = Enumerable.Range(0, 100).Select(async i =>
        {
            // Even ones overlap pool a, odd ones do not.
            var cidr = i % 2 == 0 ? $"192.0.2.{i}/32" : $"203.0.113.{i}/32";
            var (status, response) = await client.ReviewAsync(WebhookClient.Review($"c-{i}", "CREATE", "IPAddressPool", "v1beta1", $"p{i}", TestObjects.Pool(Ns, $"p{i}", $"\"{cidr}\"")));
            return (i, status, uid: (string?)response["uid"], allowed: (bool)response["allowed"]!);
        });
        var results = await Task.WhenAll(reviews);

        Assert.All(results, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.status);
            Assert.Equal($"c-{r.i}", r.uid);
            Assert.Equal(r.i % 2 == 1, r.allowed);
        });
    }

    [Fact]
    public async Task RenewedSecret_ServedAtTheNextHandshake_WithoutRestart()
    {
        using var before = await ClientAsync();
        await before.ReviewAsync(WebhookClient.Review("r-1", "CREATE", "IPAddressPool", "v1beta1", "f", TestObjects.Pool(Ns, "f", "\"198.51.100.16/28\"")));
        var first = before.LastThumbprint;

        // Another issuer (or a renewal) writes a new set into the Secret.
        var renewed = WebhookCertificates.Ensure(null, "ingot-webhook", Ns, DateTimeOffset.UtcNow);
        var data = new JsonObject();
        foreach (var (key, value) in renewed.ToData())
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        _server.Patch("secrets", Ns, SecretName, new JsonObject { ["data"] = data }.ToJsonString());
        using var after = new WebhookClient(await _harness.Source.Admission!.Bound, renewed.CaBundle);
        await TestWait.UntilAsync(() =>
        {
            try
            {
                after.ReviewAsync(WebhookClient.Review("r-2", "CREATE", "IPAddressPool", "v1beta1", "g", TestObjects.Pool(Ns, "g", "\"198.51.100.32/28\""))).GetAwaiter().GetResult();
                return after.LastThumbprint is not null && after.LastThumbprint != first;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the renewed certificate served");
    }

    [Fact]
    public async Task Leader_KeepsTheBundleInjected_WhenSomeoneClearsIt()
    {
        _server.Patch("validatingwebhookconfigurations", null, ConfigurationName, """{"webhooks":[{"name":"ipaddresspools.ingot.metallb.io","admissionReviewVersions":["v1"],"sideEffects":"None","clientConfig":{"service":{"name":"ingot-webhook","namespace":"metallb-system","path":"/validate"}}}]}""", "admissionregistration.k8s.io");

        // The keeper checks once a minute; run one round now instead of waiting.
        await KeeperRound.RunAsync(_server);

        Assert.Equal([Bundle()], InjectedBundles());
    }

    private async Task<WebhookClient> ClientAsync() => new(await _harness.Source.Admission!.Bound, Bundle()!);

    private string? Bundle()
        => _server.Get("secrets", Ns, SecretName)?["data"]?[WebhookCertificateSet.CaBundleKey] is { } b ? Encoding.UTF8.GetString(Convert.FromBase64String((string)b!)) : null;

    private List<string?> InjectedBundles()
        => [.. (_server.Get("validatingwebhookconfigurations", null, ConfigurationName, "admissionregistration.k8s.io")?["webhooks"]?.AsArray() ?? [])
            .Select(w => w?["clientConfig"]?["caBundle"] is { } b ? Encoding.UTF8.GetString(Convert.FromBase64String((string)b!)) : null)];
}
