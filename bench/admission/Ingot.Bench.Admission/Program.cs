using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Ingot.Plugins.K8sSource.Admission;
using Ingot.Plugins.K8sSource.Source;
using Ingot.Sdk.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

// Review latency of the admission webhook: the real AdmissionServer over HTTPS on loopback, a configuration of --pools
// IPAddressPools, --concurrency clients each sending reviews back to back for --seconds. The reference in the same run
// is the same server, connections and body size answering a kind it does not review (refused before any parsing): what
// HTTPS, Kestrel and JSON cost alone.
var pools = Arg("--pools", 1000);
var concurrency = Arg("--concurrency", 100);
var seconds = Arg("--seconds", 10);
const string Ns = "metallb-system";

string Pool(string name, string cidr) =>
    $$"""{"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"{{name}}","namespace":"{{Ns}}"},"spec":{"addresses":["{{cidr}}"]} }""";

// Pool i holds 10.(i/256).(i%256).0/24: disjoint, so the configuration is valid.
var mapped = Enumerable.Range(0, pools)
    .Select(i => AdmissionJudge.Kinds["IPAddressPool"](JsonDocument.Parse(Pool($"pool-{i}", $"10.{i / 256}.{i % 256}.0/24")).RootElement.Clone(), "v1beta1")!)
    .ToList();
var inputs = new ConfigurationInputs { Namespace = Ns, MetalLb = mapped };
var set = WebhookCertificates.Ensure(null, "ingot-webhook", Ns, DateTimeOffset.UtcNow);
var certificate = WebhookCertificates.ServingCertificate(set)!;
using var metrics = new AdmissionMetrics();
var server = new AdmissionServer(new IPEndPoint(IPAddress.Loopback, 0), () => certificate, () => inputs,
    new AdmissionJudge(MetalLbConfigurationParser.Parse), metrics, NullLogger.Instance);
using var stop = new CancellationTokenSource();
var serving = server.RunAsync(stop.Token);
var port = await server.Bound;

var trusted = X509Certificate2.CreateFromPem(set.CaCertificate);
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = concurrency,
    SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && new X509Certificate2(cert).Issuer == trusted.Subject },
}) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

string Review(string uid, string kind, string obj) => $$"""
    {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"{{uid}}","kind":{"group":"metallb.io","version":"v1beta1","kind":"{{kind}}"},
     "name":"new","namespace":"{{Ns}}","operation":"CREATE","object":{{obj}} } }
    """;

// The new pool overlaps nothing (allowed) or pool-7 (refused): both paths, alternately.
var allowed = Review("a", "IPAddressPool", Pool("new", "192.0.2.0/24"));
var refused = Review("r", "IPAddressPool", Pool("new", "10.0.7.0/25"));
var reference = Review("x", "NotAMetalLbKind", Pool("new", "192.0.2.0/24"));

async Task<List<double>> RunAsync(Func<int, string> body)
{
    var clock = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(seconds);
    var workers = Enumerable.Range(0, concurrency).Select(async w =>
    {
        var times = new List<double>();
        for (var n = 0; clock.Elapsed < until; n++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/validate", new StringContent(body(w + n), Encoding.UTF8, "application/json"));
            _ = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"review answered {(int)response.StatusCode}");
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return times;
    });
    return [.. (await Task.WhenAll(workers)).SelectMany(t => t).Order()];
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

await RunAsync(i => reference); // warm-up: connections, JIT
var baseline = await RunAsync(_ => reference);
var judged = await RunAsync(i => i % 2 == 0 ? allowed : refused);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"admission: {pools} pools, {concurrency} concurrent clients, {seconds} s each, {Environment.ProcessorCount} cores"));
foreach (var (name, times) in new[] { ("reference (refused before parsing)", baseline), ("judged (allowed / refused)", judged) })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name,-36} {times.Count,7} reviews  {times.Count / (double)seconds,8:F0}/s  p50 {Percentile(times, 0.50),7:F2} ms  p99 {Percentile(times, 0.99),7:F2} ms"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  ratio judged/reference: p50 {Percentile(judged, 0.5) / Percentile(baseline, 0.5):F1}  p99 {Percentile(judged, 0.99) / Percentile(baseline, 0.99):F1}  (goal: judged p99 < 20 ms)"));
await stop.CancelAsync();
await serving;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
