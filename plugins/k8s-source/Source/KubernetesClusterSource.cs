using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Ingot.Plugins.K8sSource.Admission;
using Ingot.Plugins.K8sSource.Election;
using Ingot.Plugins.K8sSource.Informers;
using Ingot.Plugins.K8sSource.Mapping;
using Ingot.Plugins.K8sSource.Status;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Ingot.Sdk.Configuration.Resources;
using Ingot.Sdk.Sources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Source;

/// <summary>
/// The <c>kubernetes</c> source: informers for Services, EndpointSlices, Nodes, Namespaces, Secrets and the
/// <c>metallb.io</c> kinds feed immutable <see cref="ClusterState"/> snapshots; the configuration is validated by the SDK's
/// one parser and an invalid one keeps the last good one in force; only the holder of the allocation Lease writes Service
/// status; every pod reports its own node's announcements.
/// </summary>
internal sealed partial class KubernetesClusterSource : IClusterSource, IAsyncDisposable
{
    public const string SourceName = "kubernetes";

    private readonly K8sSourceOptions _options;
    private readonly IKubernetes _client;
    private readonly bool _ownsClient;
    private readonly ILogger _logger;
    private readonly Func<ConfigurationResources, ConfigurationParseResult> _parser;
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<Func<CancellationToken, Task>> _background = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ResourceInformer<ServiceInfo> _services;
    private readonly ResourceInformer<EndpointSliceInfo> _slices;
    private readonly ResourceInformer<NodeInfo> _nodes;
    private readonly ResourceInformer<NamespaceInfo> _namespaces;
    private readonly ResourceInformer<SecretResource> _secrets;
    private readonly ResourceInformer<MappedResource>[] _metallb;
    private readonly LeaseElector? _elector;
    private readonly ServiceStatusWriter _statusWriter;
    private readonly AnnouncementReporter _announcements;
    private readonly ConfigurationStateWriter _configurationStates;
    private readonly EventRecorder _controllerEvents;
    private readonly EventRecorder _speakerEvents;
    private readonly K8sClientMetrics _metrics = new();
    private readonly AdmissionMetrics? _admissionMetrics;
    private readonly AdmissionServer? _admission;
    private readonly WebhookCertificateKeeper? _certificates;
    private volatile bool _synced;
    private volatile Tuple<long, ConfigurationInputs>? _inputs;
    private readonly StatusRetry _statusRetry;
    private int _running;
    private long _revision;
    private long _configVersion;
    private long _parsedVersion = -1;
    private MetalLbConfiguration _lastGood = MetalLbConfiguration.Empty;
    private IReadOnlyList<ConfigurationDiagnostic> _configErrors = [];

    public KubernetesClusterSource(K8sSourceOptions options, IKubernetes client, bool ownsClient, TimeProvider time, ILoggerFactory loggers,
        Func<ConfigurationResources, ConfigurationParseResult>? parser = null)
    {
        _options = options;
        _client = client;
        _ownsClient = ownsClient;
        _logger = loggers.CreateLogger<KubernetesClusterSource>();
        _parser = parser ?? MetalLbConfigurationParser.Parse;
        var informerLogger = loggers.CreateLogger("Ingot.Plugins.K8sSource.Informers.ResourceInformer");
        var timeoutSeconds = (int)options.WatchTimeout.TotalSeconds;
        var ns = options.Namespace;

        ResourceInformer<T> Informer<T>(IResourceEndpoint<T> endpoint, bool configuration, IEqualityComparer<T>? comparer = null)
            where T : class
            => new(endpoint, (_, _) => Changed(configuration), time, informerLogger, options.MaxBackoff, comparer, options.ListPageSize,
                () => _metrics.AnswerRefused(endpoint.Name));

        _services = Informer(new TypedEndpoint<V1ServiceList, V1Service, ServiceInfo>("services",
            (limit, next, ct) => client.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct),
            CoreMapping.ToServiceInfo), configuration: false);
        _slices = Informer(new TypedEndpoint<V1EndpointSliceList, V1EndpointSlice, EndpointSliceInfo>("endpointslices",
            (limit, next, ct) => client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct),
            (rv, onError, ct) => client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct),
            CoreMapping.ToEndpointSliceInfo), configuration: false);
        _nodes = Informer(new TypedEndpoint<V1NodeList, V1Node, NodeInfo>("nodes",
            (limit, next, ct) => client.CoreV1.ListNodeAsync(continueParameter: next, limit: limit, cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct),
            CoreMapping.ToNodeInfo), configuration: true, NodeInfoComparer.Instance);
        _namespaces = Informer(new TypedEndpoint<V1NamespaceList, V1Namespace, NamespaceInfo>("namespaces",
            (limit, next, ct) => client.CoreV1.ListNamespaceAsync(continueParameter: next, limit: limit, cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct),
            CoreMapping.ToNamespaceInfo), configuration: true);
        _secrets = Informer(new TypedEndpoint<V1SecretList, V1Secret, SecretResource>("secrets",
            (limit, next, ct) => client.CoreV1.ListNamespacedSecretAsync(ns, continueParameter: next, limit: limit, cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListNamespacedSecretAsync(ns, allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct),
            CoreMapping.ToSecretResource), configuration: true);

        ResourceInformer<MappedResource> Crd(string plural, Func<System.Text.Json.JsonElement, string, MappedResource?> map, params string[] versions)
            => Informer(new CustomResourceEndpoint<MappedResource>(client, "metallb.io", versions, ns, plural, options.WatchTimeout, map), configuration: true);

        _metallb =
        [
            Crd("ipaddresspools", MetalLbMapping.IPAddressPool, "v1beta1"),
            Crd("l2advertisements", MetalLbMapping.L2Advertisement, "v1beta1"),
            Crd("bgpadvertisements", MetalLbMapping.BgpAdvertisement, "v1beta1"),
            Crd("bgppeers", MetalLbMapping.BgpPeer, "v1beta2", "v1beta1"),
            Crd("communities", MetalLbMapping.Community, "v1beta1"),
            Crd("bfdprofiles", MetalLbMapping.BfdProfile, "v1beta1"),
        ];

        var statusLogger = loggers.CreateLogger("Ingot.Plugins.K8sSource.Status");
        _controllerEvents = new EventRecorder(client, time, statusLogger, "ingot-controller", options.NodeName);
        _speakerEvents = new EventRecorder(client, time, statusLogger, "ingot-speaker", options.NodeName);
        _statusWriter = new ServiceStatusWriter(client, _controllerEvents, ns, options.WriteConcurrency, statusLogger);
        var owner = options.PodName is { Length: > 0 } pod && options.PodUid is { Length: > 0 } uid ? (pod, uid) : ((string, string)?)null;
        _announcements = new AnnouncementReporter(client, _speakerEvents, ns, owner, statusLogger, options.ListPageSize);
        _configurationStates = new ConfigurationStateWriter(client, ns, time, statusLogger);
        _statusRetry = new StatusRetry(time, options.MaxBackoff, () => _changes.Writer.TryWrite(true));
        if (options.LeaderElection)
        {
            _elector = new LeaseElector(client, options, time, loggers.CreateLogger<LeaseElector>(), _ => Changed(configuration: false));
        }

        if (options.Webhook.Enabled)
        {
            var admissionLogger = loggers.CreateLogger("Ingot.Plugins.K8sSource.Admission");
            var certificate = new ServingCertificateCache(() => _secrets.Items, ns + "/" + options.Webhook.SecretName);
            _admissionMetrics = new AdmissionMetrics();
            _admission = new AdmissionServer(options.Webhook.ListenEndpoint, certificate.Current,
                () => _synced ? Inputs() : null, new AdmissionJudge(_parser), _admissionMetrics, admissionLogger);
            if (options.Webhook.ManageCertificates)
            {
                _certificates = new WebhookCertificateKeeper(client, ns, options.Webhook, time, () => IsAllocationLeader, admissionLogger);
            }
        }
    }

    /// <summary>The admission webhook, when <c>webhook.port</c> turned it on.</summary>
    internal AdmissionServer? Admission => _admission;

    public string Name => SourceName;

    /// <summary>True while this process may allocate.</summary>
    public bool IsAllocationLeader => _elector?.IsLeader ?? true;

    /// <summary>Service status writes sent so far.</summary>
    internal long StatusWrites => _statusWriter.Writes;

    internal ResourceInformer<ServiceInfo> ServiceInformer => _services;

    internal IEnumerable<IInformer> Informers => [_services, _slices, _nodes, _namespaces, _secrets, .. _metallb];

    public async IAsyncEnumerable<ClusterState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The kubernetes source is already being watched; it supports one pipeline.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = Informers.Select(i => Task.Run(() => i.RunAsync(stop.Token), CancellationToken.None)).ToList();
        tasks.Add(Task.Run(() => RunBackgroundAsync(stop.Token), CancellationToken.None));
        if (_elector is not null)
        {
            tasks.Add(Task.Run(() => _elector.RunAsync(stop.Token), CancellationToken.None));
        }

        if (_admission is not null)
        {
            tasks.Add(Task.Run(() => _admission.RunAsync(stop.Token), CancellationToken.None));
        }

        if (_certificates is not null)
        {
            tasks.Add(Task.Run(() => _certificates.RunAsync(stop.Token), CancellationToken.None));
        }

        try
        {
            if (!await WaitReadyAsync(cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }

            while (true)
            {
                while (_changes.Reader.TryRead(out _))
                {
                    // Coalesce: one snapshot covers every change signalled so far.
                }

                yield return BuildSnapshot();
                if (!await WaitForChangeAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            _synced = false;
            Volatile.Write(ref _running, 0);
        }
    }

    public async ValueTask WriteStatusAsync(ClusterState state, AllocationResult allocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(allocation);

        // The snapshot may predate losing the Lease: check now, so a former leader never writes over its successor.
        if (!IsAllocationLeader)
        {
            return;
        }

        var failures = _statusWriter.Failures;
        await _statusWriter.WriteAsync(state, allocation, cancellationToken).ConfigureAwait(false);
        if (_statusWriter.Failures != failures)
        {
            _statusRetry.Failed();
        }
        else
        {
            _statusRetry.Succeeded();
        }
    }

    public async ValueTask ReportAnnouncementsAsync(string nodeName, IReadOnlyList<AnnouncementPlan> plans, CancellationToken cancellationToken)
        => await _announcements.ReportAsync(nodeName, plans, cancellationToken).ConfigureAwait(false);

    /// <summary>MetalLB's client metrics for this source (tests).</summary>
    internal K8sClientMetrics Metrics => _metrics;

    public async ValueTask DisposeAsync()
    {
        await _controllerEvents.DisposeAsync().ConfigureAwait(false);
        await _speakerEvents.DisposeAsync().ConfigureAwait(false);
        _announcements.Dispose();
        _metrics.Dispose();
        _admissionMetrics?.Dispose();
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task<bool> WaitReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(Informers.Select(i => i.Ready).Append(_elector?.FirstAttempt ?? Task.CompletedTask)).WaitAsync(cancellationToken).ConfigureAwait(false);
            Log.Ready(_logger, _options.Namespace);
            _synced = true;
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<bool> WaitForChangeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Changed(bool configuration)
    {
        _metrics.UpdateProcessed();
        if (configuration)
        {
            Interlocked.Increment(ref _configVersion);
        }

        _changes.Writer.TryWrite(true);
    }

    private ClusterState BuildSnapshot()
    {
        var (configuration, stale, errors) = Configuration();
        var leader = IsAllocationLeader;

        // MetalLB's --lb-class: the flag unset handles Services without a class, set handles exactly that class; the others
        // are neither reported nor written (and so never cleared).
        var services = _services.Items.Values
            .Where(s => s.LoadBalancerClass == _options.LoadBalancerClass)
            .OrderBy(s => s.Key)
            .ToImmutableArray();
        var state = new ClusterState
        {
            Revision = Interlocked.Increment(ref _revision),
            Services = services,
            Nodes = [.. _nodes.Items.Values.OrderBy(n => n.Name, StringComparer.Ordinal)],
            EndpointSlices = [.. _slices.Items.Values.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)],
            Namespaces = [.. _namespaces.Items.Values.OrderBy(n => n.Name, StringComparer.Ordinal)],
            Configuration = configuration,
            ConfigurationStale = stale,
            ConfigurationErrors = errors,
            IsAllocationLeader = leader,
        };

        _background.Writer.TryWrite(async ct =>
        {
            await _configurationStates.WriteAsync("speaker-" + _options.NodeName, "speaker", _options.NodeName, errors, ct).ConfigureAwait(false);
            if (leader)
            {
                await _configurationStates.WriteAsync("controller", "controller", null, errors, ct).ConfigureAwait(false);
            }
        });
        return state;
    }

    private (MetalLbConfiguration Configuration, bool Stale, IReadOnlyList<ConfigurationDiagnostic> Errors) Configuration()
    {
        var version = Interlocked.Read(ref _configVersion);
        if (version != _parsedVersion)
        {
            _parsedVersion = version;
            var (resources, mappingErrors) = Inputs().Assemble();
            var result = Parse(resources);
            var errors = mappingErrors.Concat(result.Errors).ToList();
            if (errors.Count == 0 && result.Configuration is not null)
            {
                _lastGood = result.Configuration;
                _configErrors = [];
                _metrics.ConfigurationLoaded();
            }
            else
            {
                _configErrors = errors.Count > 0 ? errors : [new ConfigurationDiagnostic { Kind = "Configuration", Name = _options.Namespace, Message = "refused without a reason" }];
                Log.ConfigurationInvalid(_logger, _configErrors.Count, string.Join("; ", _configErrors));
                _metrics.ConfigurationRefused();
            }
        }

        return (_lastGood, _configErrors.Count > 0, _configErrors);
    }

    private ConfigurationParseResult Parse(ConfigurationResources resources)
    {
        try
        {
            return _parser(resources);
        }
#pragma warning disable CA1031 // A validator bug must not stop the source: it counts as an invalid configuration.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new ConfigurationParseResult
            {
                Diagnostics = [new ConfigurationDiagnostic { Kind = "Configuration", Name = _options.Namespace, Message = "validation failed: " + e.Message }],
            };
        }
    }

    /// <summary>The informers' view of the configuration, for the running pass and for the admission webhook.</summary>
    /// <remarks>One snapshot per configuration version, so the webhook parses the configuration as it stands once per
    /// change rather than once per review.</remarks>
    internal ConfigurationInputs Inputs()
    {
        var version = Interlocked.Read(ref _configVersion);
        if (_inputs is { } cached && cached.Item1 == version)
        {
            return cached.Item2;
        }

        var inputs = new ConfigurationInputs
        {
            Namespace = _options.Namespace,
            MetalLb = [.. _metallb.SelectMany(i => i.Items.Values)],
            Secrets = _secrets.Items,
            Nodes = [.. _nodes.Items.Values],
            Namespaces = [.. _namespaces.Items.Values],
        };

        // Read the version before the items: a change during the read bumps it, so this snapshot is never kept for it.
        _inputs = Tuple.Create(version, inputs);
        return inputs;
    }

    private async Task RunBackgroundAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var work in _background.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await work(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Kubernetes source ready (MetalLB namespace {Namespace})")]
        public static partial void Ready(ILogger logger, string @namespace);

        [LoggerMessage(2, LogLevel.Warning, "MetalLB configuration refused ({Count} errors), keeping the last good one: {Errors}")]
        public static partial void ConfigurationInvalid(ILogger logger, int count, string errors);
    }
}
