namespace Ingot.Plugins.K8sSource.Client;

/// <summary>
/// Puts every answer of the API server behind <see cref="LimitedJsonStream"/> before KubernetesClient deserializes it, so
/// an oversized or over-nested body fails the one request with <see cref="ApiResponseLimitException"/> naming the resource
/// and the limit; the informer then keeps what it has and lists again after its backoff. A body whose
/// <c>Content-Length</c> already says it is too large is refused without reading it.
/// </summary>
internal sealed class ResponseLimitHandler(ApiResponseLimits limits) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var watch = ApiRequestDescription.IsWatch(request.RequestUri);
        var description = ApiRequestDescription.Of(request.Method, request.RequestUri);
        if (!watch && response.Content.Headers.ContentLength > limits.MaxBodyBytes)
        {
            response.Dispose();
            throw new ApiResponseLimitException(description, $"the size limit of {LimitedJsonStream.Size(limits.MaxBodyBytes)}");
        }

        var original = response.Content;
        var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var limited = new StreamContent(new LimitedJsonStream(stream, description, watch ? limits.MaxWatchEventBytes : limits.MaxBodyBytes, limits.MaxDepth, watch));
        foreach (var (name, values) in original.Headers)
        {
            limited.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = limited;
        return response;
    }
}
