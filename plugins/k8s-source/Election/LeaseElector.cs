using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.K8sSource.Election;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease with client-go's rules: the holder renews every retry period; a
/// candidate takes the Lease once it has seen the same record unchanged for a whole lease duration (judged on its own clock,
/// so clock skew between nodes does not matter); updates carry the resourceVersion, so two candidates cannot both win. On
/// shutdown the holder releases the Lease so a successor takes over at its next try instead of after the full duration.
/// Written on the Lease API rather than KubernetesClient's <c>LeaderElector</c> so that time comes from
/// <see cref="TimeProvider"/> and release-on-stop is possible.
/// </summary>
internal sealed partial class LeaseElector
{
    private readonly IKubernetes _client;
    private readonly K8sSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<bool> _onChange;
    private string? _observedRecord;
    private DateTimeOffset _observedAt;
    private DateTimeOffset _lastRenew;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isLeader;

    public LeaseElector(IKubernetes client, K8sSourceOptions options, TimeProvider time, ILogger logger, Action<bool> onChange)
    {
        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
        _onChange = onChange;
    }

    public bool IsLeader => _isLeader;

    public string Identity => _options.NodeName;

    /// <summary>Completes after the first try to acquire, won or lost, so the first snapshot already says who leads.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                bool held;
                try
                {
                    held = await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.LeaseError(_logger, _options.LeaseName, e);

                    // A leader that cannot renew keeps leading until the renew deadline, then steps down before anyone
                    // else can take the Lease (renew deadline < lease duration).
                    held = _isLeader && _time.GetUtcNow() - _lastRenew < _options.RenewDeadline;
                }

                SetLeader(held);
                _firstAttempt.TrySetResult();
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _firstAttempt.TrySetResult();
            if (_isLeader)
            {
                await ReleaseAsync().ConfigureAwait(false);
                SetLeader(false);
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        V1Lease lease;
        try
        {
            lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            var created = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.Namespace },
                Spec = Spec(null, now, transitions: 0, acquire: now),
            };
            try
            {
                await _client.CoordinationV1.CreateNamespacedLeaseAsync(created, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
            {
                return false;
            }

            _lastRenew = now;
            return true;
        }

        var spec = lease.Spec ?? new V1LeaseSpec();
        var record = $"{spec.HolderIdentity}|{spec.RenewTime:O}|{spec.LeaseTransitions}";
        if (record != _observedRecord)
        {
            _observedRecord = record;
            _observedAt = now;
        }

        var holder = spec.HolderIdentity;
        var mine = holder == Identity;
        var duration = spec.LeaseDurationSeconds is > 0 ? TimeSpan.FromSeconds(spec.LeaseDurationSeconds.Value) : _options.LeaseDuration;
        var free = string.IsNullOrEmpty(holder) || _observedAt + duration <= now;
        if (!mine && !free)
        {
            return false;
        }

        lease.Spec = Spec(spec, now, transitions: (spec.LeaseTransitions ?? 0) + (mine ? 0 : 1), acquire: mine ? spec.AcquireTime ?? now.UtcDateTime : now);
        try
        {
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Someone else wrote first; we learn who on the next read.
            return false;
        }

        _lastRenew = now;
        return true;
    }

    private V1LeaseSpec Spec(V1LeaseSpec? current, DateTimeOffset now, int transitions, DateTimeOffset acquire) => new()
    {
        HolderIdentity = Identity,
        LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
        AcquireTime = acquire.UtcDateTime,
        RenewTime = now.UtcDateTime,
        LeaseTransitions = transitions,
        Strategy = current?.Strategy,
        PreferredHolder = current?.PreferredHolder,
    };

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.Namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            // client-go's ReleaseOnCancel: an empty holder means free right now.
            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.Namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            Log.Released(_logger, _options.LeaseName, Identity);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            Log.LeaseError(_logger, _options.LeaseName, e);
        }
    }

    private void SetLeader(bool leader)
    {
        if (leader == _isLeader)
        {
            return;
        }

        _isLeader = leader;
        Log.LeadershipChanged(_logger, _options.LeaseName, Identity, leader);
        _onChange(leader);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Lease {Lease}: {Identity} is allocation leader: {Leader}")]
        public static partial void LeadershipChanged(ILogger logger, string lease, string identity, bool leader);

        [LoggerMessage(2, LogLevel.Warning, "Lease {Lease}: API call failed")]
        public static partial void LeaseError(ILogger logger, string lease, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "Lease {Lease}: released by {Identity}")]
        public static partial void Released(ILogger logger, string lease, string identity);
    }
}
