using System.Net;
using System.Text.RegularExpressions;
using Ingot.Host.Cli;
using Ingot.Host.Metrics;
using Ingot.Host.Pipeline;
using Ingot.Host.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Ingot.Host.Hosting;

/// <summary>
/// <c>ingot run</c>: the active plugins on Microsoft.Extensions.Hosting, the pipeline as a hosted service, and Kestrel
/// serving <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>.
/// </summary>
internal static partial class Daemon
{
    public const string DefaultMetricsAddress = "127.0.0.1:7472";

    public static async Task<int> RunAsync(HostOptions options, string metricsAddress, LogLevel logLevel, CancellationToken cancellationToken)
    {
        var url = ListenUrl(metricsAddress);
        var selection = PluginSelection.ForRun(options);

        // prometheus-net's own Meter and EventCounter adapters would re-export every instrument under a prefixed name; the
        // MeterBridge exports them exactly instead. Process and runtime metrics stay.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressMeters = true,
            SuppressEventCounters = true,
            SuppressDebugMetrics = true,
        });

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        CliLogging.Configure(builder.Logging, logLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.WebHost.UseUrls(url);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        using var bootLoggers = CliLogging.CreateFactory(logLevel);
        var catalog = PluginCatalog.Load(options.ResolvePluginsDirectory(), bootLoggers.CreateLogger("Ingot.Host.Plugins"));
        var active = selection.Configure(catalog, builder.Services);

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new PipelineOptions());
        services.AddSingleton<PipelineHealth>();
        services.AddSingleton(new HostMetrics(catalog.Plugins, active.Select(p => p.Name).ToHashSet(StringComparer.Ordinal)));
        services.AddSingleton(sp => PipelineComponents.Resolve(sp, selection.Source!, selection.Ipam, active));
        services.AddSingleton(sp => new ReconcilePass(sp.GetRequiredService<PipelineComponents>(), selection.NodeName,
            sp.GetRequiredService<HostMetrics>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ReconcilePass>()));
        services.AddHostedService<PipelineRunner>();
        services.AddSingleton(sp => new MeterBridge(Prometheus.Metrics.DefaultRegistry, null, sp.GetRequiredService<ILogger<MeterBridge>>()));

        await using var app = builder.Build();
        var health = app.Services.GetRequiredService<PipelineHealth>();
        app.MapGet("/healthz", () => health.IsRunning ? Results.Text("ok\n") : Results.Text("not running\n", statusCode: 503));
        app.MapGet("/readyz", () => health.IsReady ? Results.Text("ok\n") : Results.Text("no successful reconcile yet\n", statusCode: 503));
        app.MapMetrics("/metrics");

        // Resolve the pipeline now so that a misconfigured plugin set fails before anything listens.
        app.Services.GetRequiredService<PipelineComponents>();
        app.Services.GetRequiredService<MeterBridge>().Start();
        _ = app.Services.GetRequiredService<HostMetrics>();

        Log.Starting(app.Logger, selection.NodeName, string.Join(",", selection.ActivePlugins), url);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new CliException(ExitCodes.RuntimeFailure, $"cannot listen on {metricsAddress}: {ex.Message}");
        }

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>Turns <c>ADDR:PORT</c> (IPv6 in brackets) into Kestrel's URL; anything else is a usage error.</summary>
    public static string ListenUrl(string address)
    {
        var match = AddressPattern().Match(address);
        if (!match.Success || !ushort.TryParse(match.Groups["port"].Value, out _))
        {
            throw new CliException(ExitCodes.Usage, $"--metrics-address '{address}': expected ADDR:PORT, e.g. {DefaultMetricsAddress} or [::1]:7472");
        }

        var host = match.Groups["host"].Value;
        if (host.StartsWith('[') ? !IPAddress.TryParse(host[1..^1], out _) : host != "localhost" && host != "*" && !IPAddress.TryParse(host, out _))
        {
            throw new CliException(ExitCodes.Usage, $"--metrics-address '{address}': '{host}' is not an IP address");
        }

        return $"http://{host}:{match.Groups["port"].Value}";
    }

    [GeneratedRegex(@"^(?<host>\[[0-9a-fA-F:.]+\]|[^:\[\]]+):(?<port>[0-9]{1,5})$")]
    private static partial Regex AddressPattern();

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Information, "Ingot on node {Node} with plugins {Plugins}; metrics on {Url}")]
        public static partial void Starting(ILogger logger, string node, string plugins, string url);
    }
}
