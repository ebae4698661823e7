namespace Ingot.Plugins.K8sSource;

/// <summary>Settings of the Kubernetes source. Plugin settings keys: <c>namespace</c>, <c>kubeconfig</c>, <c>lbClass</c>.</summary>
public sealed class K8sSourceOptions
{
    /// <summary>The default of <see cref="ListPageSize"/>: client-go's reflector pages lists by 500 too.</summary>
    public const int DefaultListPageSize = 500;

    /// <summary>The namespace MetalLB resources, Secrets, the Lease and status objects live in (MetalLB's
    /// <c>--namespace</c>).</summary>
    public string Namespace { get; set; } = "metallb-system";

    /// <summary>A kubeconfig file; null means the in-cluster service account when running in a pod, else the default
    /// kubeconfig (<c>KUBECONFIG</c> or <c>~/.kube/config</c>).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>MetalLB's <c>--lb-class</c>: null handles Services without a <c>loadBalancerClass</c>; a value handles
    /// exactly that class. Other Services are neither reported nor written.</summary>
    public string? LoadBalancerClass { get; set; }

    /// <summary>This node (<c>NODE_NAME</c>); the Lease identity and the node this pod announces for.</summary>
    public string NodeName { get; set; } = Environment.GetEnvironmentVariable("NODE_NAME") ?? Environment.MachineName;

    /// <summary>This pod (<c>POD_NAME</c>, <c>POD_UID</c> from the downward API): it owns the ServiceL2Status and
    /// ServiceBGPStatus objects it writes, so they go away with it, as MetalLB's speaker does. Null leaves them unowned.</summary>
    public string? PodName { get; set; } = Environment.GetEnvironmentVariable("POD_NAME");

    /// <summary>The UID of <see cref="PodName"/>.</summary>
    public string? PodUid { get; set; } = Environment.GetEnvironmentVariable("POD_UID");

    /// <summary>Only the holder of this Lease allocates and writes Service status.</summary>
    public string LeaseName { get; set; } = "ingot-allocation";

    /// <summary>False makes this process always the allocation leader (a single replica).</summary>
    public bool LeaderElection { get; set; } = true;

    /// <summary>How long a Lease holds without renewal (client-go's default).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it steps down.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between reconnects of a failing watch.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Asks the API server to end each watch after this long, so a silently dead connection is noticed (YARP
    /// forces a reconnect after 9.5 minutes without events for the same reason).</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Objects per page when an informer lists (the <c>limit</c> it sends, following <c>continue</c> tokens), so a
    /// cluster with thousands of Services or EndpointSlices is never one giant response; zero or less lists each resource in
    /// one request.</summary>
    public int ListPageSize { get; set; } = DefaultListPageSize;

    /// <summary>The validating admission webhook (off unless <c>webhook.port</c> is set).</summary>
    public Admission.WebhookOptions Webhook { get; set; } = new();

    /// <summary>Status writes in flight at once.</summary>
    public int WriteConcurrency { get; set; } = 8;

    /// <summary>Builds options from the plugin settings.</summary>
    /// <param name="settings">Flat settings.</param>
    /// <param name="nodeName">This node.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">An unknown key.</exception>
    public static K8sSourceOptions FromSettings(IReadOnlyDictionary<string, string> settings, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new K8sSourceOptions { NodeName = nodeName };
        foreach (var (key, value) in settings)
        {
            switch (key)
            {
                case "namespace":
                    options.Namespace = value;
                    break;
                case "kubeconfig":
                    options.Kubeconfig = string.IsNullOrEmpty(value) ? null : value;
                    break;
                case "lbClass":
                    options.LoadBalancerClass = string.IsNullOrEmpty(value) ? null : value;
                    break;
                default:
                    options.Webhook = options.Webhook.With(key, value)
                        ?? throw new ArgumentException($"k8s-source: unknown setting '{key}' (known: namespace, kubeconfig, lbClass, {string.Join(", ", Admission.WebhookOptions.Keys)})", nameof(settings));
                    break;
            }
        }

        return options;
    }
}
