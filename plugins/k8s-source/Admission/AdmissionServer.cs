using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ingot.Plugins.K8sSource.Source;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>
/// The validating webhook over HTTPS: <c>POST /validate</c> takes an AdmissionReview and answers it with the
/// <see cref="AdmissionJudge"/>'s verdict. The certificate is asked for on every handshake, so a renewed Secret is
/// served without a restart. Until the informers have synced it answers 503: judging against a half-read configuration
/// could let an overlapping pool through (the API server then applies the configuration's failurePolicy).
/// </summary>
internal sealed partial class AdmissionServer(
    IPEndPoint endpoint,
    Func<X509Certificate2?> certificate,
    Func<ConfigurationInputs?> inputs,
    AdmissionJudge judge,
    AdmissionMetrics metrics,
    ILogger logger)
{
    public const string Path = "/validate";

    private readonly TaskCompletionSource<int> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The port the server listens on, once it does (the endpoint's, or the one the kernel picked for 0).</summary>
    public Task<int> Bound => _bound.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = AdmissionReviewCodec.MaxBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(endpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificate());
            });
        });
        await using var app = builder.Build();
        app.MapPost(Path, HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Log.CannotListen(logger, endpoint.ToString(), e);
            _bound.TrySetException(e);
            return;
        }

        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        _bound.TrySetResult(address is not null ? new Uri(address).Port : endpoint.Port);
        Log.Listening(logger, endpoint.ToString());
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, string.Empty,
                AdmissionVerdict.Refuse($"AdmissionReview: the body is larger than the {AdmissionReviewCodec.MaxBodyBytes} bytes Ingot reads")).ConfigureAwait(false);
            return;
        }

        if (!AdmissionReviewCodec.TryRead(body.Value, out var request, out var uid, out var error))
        {
            metrics.Malformed();
            await WriteAsync(context, StatusCodes.Status400BadRequest, uid, AdmissionVerdict.Refuse(error!)).ConfigureAwait(false);
            return;
        }

        if (inputs() is not { } current)
        {
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, uid,
                AdmissionVerdict.Refuse("Ingot has not read the configuration from the API server yet")).ConfigureAwait(false);
            return;
        }

        var verdict = judge.Judge(request!, current);
        metrics.Reviewed(request!, verdict);
        if (!verdict.Allowed)
        {
            Log.Refused(logger, request!.Operation.ToString(), request.Kind, request.Name, verdict.Message ?? string.Empty);
        }

        await WriteAsync(context, StatusCodes.Status200OK, uid, verdict).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task WriteAsync(HttpContext context, int status, string uid, AdmissionVerdict verdict)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(AdmissionReviewCodec.Write(uid, verdict), context.RequestAborted).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "admission webhook listening on https://{Endpoint}" + Path)]
        public static partial void Listening(ILogger logger, string endpoint);

        [LoggerMessage(Level = LogLevel.Error, Message = "admission webhook cannot listen on {Endpoint}")]
        public static partial void CannotListen(ILogger logger, string endpoint, Exception exception);

        [LoggerMessage(Level = LogLevel.Information, Message = "admission refused {Operation} {Kind}/{Name}: {Message}")]
        public static partial void Refused(ILogger logger, string operation, string kind, string name, string message);
    }
}
