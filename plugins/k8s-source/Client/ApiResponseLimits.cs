namespace Ingot.Plugins.K8sSource.Client;

/// <summary>
/// How much the plugin accepts from the API server before it refuses an answer (see docs/reliability.md). The API server is
/// trusted to be honest, not to be sane: a proxy in the way, an aggregated API or a bug can send a body that never ends or
/// JSON nested deeply enough to make a parser recurse without bound.
/// </summary>
/// <param name="MaxBodyBytes">Largest body of a non-watch answer (one list page, one object).</param>
/// <param name="MaxWatchEventBytes">Largest single line of a watch stream (one event, one object).</param>
/// <param name="MaxDepth">Deepest nesting of objects and arrays in one body or one watch event.</param>
internal sealed record ApiResponseLimits(long MaxBodyBytes, long MaxWatchEventBytes, int MaxDepth)
{
    /// <summary>
    /// 64 MiB per list page: a page holds at most 500 objects (<see cref="K8sSourceOptions.DefaultListPageSize"/>), and 500
    /// EndpointSlices of 100 endpoints each come to about 15 MiB. 4 MiB per watch event: etcd stores objects of at most
    /// 1.5 MiB and the API server refuses request bodies over 3 MiB, so no real object comes near it. 64 levels: Kubernetes
    /// objects, managedFields included, nest about a dozen; the same limit as for YAML manifests.
    /// </summary>
    public static ApiResponseLimits Default { get; } = new(64L << 20, 4L << 20, 64);
}
