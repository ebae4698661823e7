namespace Ingot.Plugins.K8sSource.Client;

/// <summary>An answer of the API server went over one of the <see cref="ApiResponseLimits"/> and was refused unread.</summary>
/// <remarks>Not an <see cref="IOException"/>: <c>HttpContent</c> wraps those in <c>HttpRequestException</c>, and the informer
/// must tell a refused answer (list again, later) from a broken connection (resume the watch).</remarks>
internal sealed class ApiResponseLimitException : Exception
{
    /// <param name="request">The request, as <see cref="ApiRequestDescription"/> names it (<c>list of services</c>).</param>
    /// <param name="limit">The limit that was passed, with its value (<c>the size limit of 64 MiB</c>).</param>
    public ApiResponseLimitException(string request, string limit)
        : base($"k8s-source: the API server's answer to {request} is over {limit}; refused")
    {
        Request = request;
        Limit = limit;
    }

    /// <summary>The request whose answer was refused.</summary>
    public string Request { get; }

    /// <summary>The limit, with its value.</summary>
    public string Limit { get; }
}
