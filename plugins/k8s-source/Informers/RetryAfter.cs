using System.Globalization;
using System.Net;
using k8s.Autorest;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>
/// Reads the API server's <c>Retry-After</c> from a refused request (429 from API Priority and Fairness, 503 while it
/// starts): the server says how long it wants to be left alone, and retrying sooner only adds to the load it is shedding.
/// </summary>
internal static class RetryAfter
{
    /// <summary>Longest wait taken from a header: a bogus value must not park an informer for hours.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    /// <summary>The wait the server asked for (seconds, or an HTTP date), capped; null when it asked for none.</summary>
    public static TimeSpan? Of(Exception e, DateTimeOffset now)
    {
        if (e is not HttpOperationException { Response: { } response }
            || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            || response.Headers is not { } headers)
        {
            return null;
        }

        foreach (var (name, values) in headers)
        {
            if (!string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase) || values.FirstOrDefault() is not { } value)
            {
                continue;
            }

            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Min(seconds, Cap.TotalSeconds));
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - now;
                return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < Cap ? wait : Cap;
            }
        }

        return null;
    }
}
