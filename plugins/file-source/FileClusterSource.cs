using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Ingot.Plugins.FileSource.Manifests;
using Ingot.Plugins.FileSource.State;
using Ingot.Plugins.FileSource.Watching;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Ingot.Sdk.Sources;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.FileSource;

/// <summary>
/// The embedded source: manifests on disk, watched for changes, with assignments kept in a state file. There is one
/// writer, so it is always the allocation leader.
/// </summary>
internal sealed partial class FileClusterSource : IClusterSource
{
    /// <summary>The annotation MetalLB writes with a Service's status, naming the pool its addresses came from.</summary>
    public const string PoolAnnotation = "metallb.io/ip-allocated-from-pool";

    private readonly FileSourceOptions _options;
    private readonly FileSourceMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ManifestLoader _loader;
    private readonly ManifestSnapshotBuilder _builder;
    private readonly SettledManifestReader _reader;
    private readonly Lock _stateLock = new();

    private StateContents? _contents;
    private IReadOnlyDictionary<ManifestObjectKey, ManifestObject>? _lastGoodObjects;
    private MetalLbConfiguration _configuration = MetalLbConfiguration.Empty;
    private byte[]? _lastHash;
    private long _revision;

    public FileClusterSource(FileSourceOptions options, FileSourceMetrics metrics, TimeProvider time, ILogger<FileClusterSource> logger)
    {
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _loader = new ManifestLoader(options.MetalLbNamespace);
        _builder = new ManifestSnapshotBuilder(options.MetalLbNamespace, options.NodeName);
        _reader = new SettledManifestReader(_loader, options.Settle, time);
    }

    public string Name => "file";

    /// <summary>The assignments currently held (from the state file at start, then from every status write).</summary>
    internal IReadOnlyDictionary<ServiceKey, StateEntry> Assignments => EnsureStateLoaded().Assignments;

    /// <summary>The released assignments remembered for their Services' return (including expired ones not yet pruned).</summary>
    internal IReadOnlyDictionary<ServiceKey, ReleasedEntry> Released => EnsureStateLoaded().Released;

    public async IAsyncEnumerable<ClusterState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = _options.ConfigPath;
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException("the file source needs the manifest file or directory to read: --config PATH (setting 'config')");
        }

        EnsureStateLoaded();
        using var watcher = new ManifestChangeWatcher([path], _options.PollInterval, _time, _logger);
        watcher.Start();
        _lastHash = null;
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            ClusterState? state;
            try
            {
                if (!first)
                {
                    await watcher.WaitForChangeAsync(_options.Debounce, cancellationToken).ConfigureAwait(false);
                }

                state = await ReloadAsync(path, first, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            first = false;
            if (state is not null)
            {
                yield return state;
            }
        }
    }

    public ValueTask WriteStatusAsync(ClusterState state, AllocationResult allocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(allocation);
        lock (_stateLock)
        {
            var before = EnsureStateLoaded();
            var current = before.Assignments;
            var handled = new Dictionary<ServiceKey, ServiceAssignment>();
            foreach (var assignment in allocation.Assignments)
            {
                handled[assignment.Service] = assignment;
            }

            var next = ImmutableSortedDictionary.CreateBuilder<ServiceKey, StateEntry>();
            foreach (var service in state.Services)
            {
                if (!service.IsLoadBalancer)
                {
                    continue; // not (or no longer) a LoadBalancer: its assignment is cleared
                }

                if (handled.TryGetValue(service.Key, out var assignment))
                {
                    if (assignment.Addresses.Count > 0)
                    {
                        next[service.Key] = new StateEntry([.. assignment.Addresses], assignment.Pool);
                    }
                }
                else if (current.TryGetValue(service.Key, out var untouched))
                {
                    next[service.Key] = untouched; // another load-balancer class: not ours to clear
                }
            }

            var assignments = next.ToImmutable();
            var present = state.Services.Where(s => s.IsLoadBalancer).Select(s => s.Key).ToHashSet();
            var updated = new StateContents(assignments, AddressMemory.Next(before, assignments, present, _time.GetUtcNow(), _options.ReleaseGrace));
            if (updated.Equals(before))
            {
                return ValueTask.CompletedTask;
            }

            LogChanges(current, assignments);
            if (_options.StatePath is { Length: > 0 } statePath)
            {
                try
                {
                    StateFile.Write(statePath, updated);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The assignments stay in force in memory; only a restart before the next successful write could move one.
                    Log.StateWriteFailed(_logger, statePath, ex);
                }
            }

            _contents = updated;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Reads the manifests and builds a snapshot, or returns null when their content did not change (never on the first
    /// read, which always yields one).
    /// </summary>
    private async Task<ClusterState?> ReloadAsync(string path, bool first, CancellationToken cancellationToken)
    {
        ManifestSnapshot snapshot;
        try
        {
            var batch = await _reader.ReadAsync(path, _metrics.UnsettledRead, cancellationToken).ConfigureAwait(false);
            if (_lastHash is not null && batch.ContentHash.AsSpan().SequenceEqual(_lastHash))
            {
                return null;
            }

            _lastHash = batch.ContentHash;
            snapshot = _builder.Build(batch, _lastGoodObjects);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug in reading or validating must not stop the watch: the last good snapshot stays in force.
            Log.ReloadFailed(_logger, path, ex);
            _metrics.UpdateFailed();
            if (!first)
            {
                return null;
            }

            return ClusterState.Empty with
            {
                Revision = Interlocked.Increment(ref _revision),
                ConfigurationErrors =
                [
                    new ConfigurationDiagnostic { Kind = "File", Name = Path.GetFileName(path), Origin = path, Message = $"cannot be read: {ex.Message}" },
                ],
            };
        }

        _lastGoodObjects = snapshot.Objects;
        _metrics.UpdateProcessed();
        foreach (var d in snapshot.Diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Warning)
            {
                Log.ManifestWarning(_logger, d.ToString());
            }
            else if (!snapshot.ConfigurationErrors.Contains(d))
            {
                Log.ManifestError(_logger, d.ToString());
            }
        }

        var stale = false;
        if (snapshot.Configuration is { } configuration)
        {
            _configuration = configuration;
            _metrics.Loaded = true;
        }
        else
        {
            _metrics.UpdateFailed();
            stale = _metrics.Loaded;
            foreach (var error in snapshot.ConfigurationErrors)
            {
                Log.ConfigurationRefused(_logger, error.ToString(), stale ? "the last good configuration stays in force" : "no configuration is in force yet");
            }
        }

        _metrics.Stale = stale;
        var contents = EnsureStateLoaded();
        var now = _time.GetUtcNow();
        return snapshot.Cluster with
        {
            Revision = Interlocked.Increment(ref _revision),
            Services = WithAssignments(snapshot.Cluster.Services, contents, now),
            Remembered = [.. contents.Released
                .Where(r => AddressMemory.IsLive(r.Value, now, _options.ReleaseGrace))
                .Select(r => new RememberedAssignment { Service = r.Key, Addresses = r.Value.Entry.Addresses, ReleasedAt = r.Value.ReleasedAt })],
            Configuration = _configuration,
            ConfigurationStale = stale,
            ConfigurationErrors = snapshot.ConfigurationErrors,
            IsAllocationLeader = true,
        };
    }

    /// <summary>
    /// Gives each LoadBalancer Service the addresses it holds (unless its manifest carries a status of its own), so the
    /// allocator, which reads the current allocation from Service status, never moves an address across reloads or restarts.
    /// A Service that returned within the grace period is given the addresses it is remembered with, unless another Service
    /// holds one of them now.
    /// </summary>
    private List<ServiceInfo> WithAssignments(IReadOnlyList<ServiceInfo> services, StateContents contents, DateTimeOffset now)
    {
        var assignments = contents.Assignments;
        HashSet<System.Net.IPAddress>? held = null;
        var result = new List<ServiceInfo>(services.Count);
        foreach (var service in services)
        {
            if (!service.IsLoadBalancer || service.StatusAddresses.Count > 0)
            {
                result.Add(service);
                continue;
            }

            var entry = assignments.GetValueOrDefault(service.Key);
            if (entry is null
                && contents.Released.TryGetValue(service.Key, out var released) && AddressMemory.IsLive(released, now, _options.ReleaseGrace))
            {
                held ??= [.. assignments.Values.SelectMany(e => e.Addresses)];
                entry = released.Entry.Addresses.Any(held.Contains) ? null : released.Entry;
            }

            if (entry is not null && entry.Addresses.Count > 0)
            {
                var annotations = service.Annotations;
                if (entry.Pool is not null && !annotations.ContainsKey(PoolAnnotation))
                {
                    annotations = annotations.ToImmutableSortedDictionary(StringComparer.Ordinal).SetItem(PoolAnnotation, entry.Pool);
                }

                result.Add(service with { StatusAddresses = entry.Addresses, Annotations = annotations });
            }
            else
            {
                result.Add(service);
            }
        }

        return result;
    }

    private StateContents EnsureStateLoaded()
    {
        lock (_stateLock)
        {
            if (_contents is not null)
            {
                return _contents;
            }

            _contents = StateContents.Empty;
            if (_options.StatePath is { Length: > 0 } statePath)
            {
                _contents = StateFile.Read(statePath, out var error);
                if (error is not null)
                {
                    Log.StateCorrupt(_logger, statePath, error);
                    PreserveCorrupt(statePath);
                }
                else
                {
                    Log.StateLoaded(_logger, statePath, _contents.Assignments.Count, _contents.Released.Count);
                }
            }

            return _contents;
        }
    }

    private void PreserveCorrupt(string statePath)
    {
        try
        {
            File.Copy(statePath, statePath + ".corrupt", overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StateWriteFailed(_logger, statePath + ".corrupt", ex);
        }
    }

    private void LogChanges(IReadOnlyDictionary<ServiceKey, StateEntry> before, IReadOnlyDictionary<ServiceKey, StateEntry> after)
    {
        foreach (var (key, entry) in after)
        {
            if (!before.TryGetValue(key, out var old))
            {
                Log.Assigned(_logger, key.ToString(), string.Join(", ", entry.Addresses), entry.Pool ?? "none");
            }
            else if (!old.Equals(entry))
            {
                Log.Reassigned(_logger, key.ToString(), string.Join(", ", old.Addresses), string.Join(", ", entry.Addresses), entry.Pool ?? "none");
            }
        }

        foreach (var (key, old) in before)
        {
            if (!after.ContainsKey(key))
            {
                Log.Released(_logger, key.ToString(), string.Join(", ", old.Addresses));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Configuration refused: {Error}; {Consequence}")]
        public static partial void ConfigurationRefused(ILogger logger, string error, string consequence);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{Warning}")]
        public static partial void ManifestWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "{Error}; the object keeps its last good version if it had one")]
        public static partial void ManifestError(ILogger logger, string error);

        [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Reading {Path} failed; the last snapshot stays in force")]
        public static partial void ReloadFailed(ILogger logger, string path, Exception exception);

        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Service {Service} assigned {Addresses} from pool {Pool}")]
        public static partial void Assigned(ILogger logger, string service, string addresses, string pool);

        [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Service {Service} moved from {Old} to {Addresses} (pool {Pool})")]
        public static partial void Reassigned(ILogger logger, string service, string old, string addresses, string pool);

        [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Service {Service} released {Addresses}")]
        public static partial void Released(ILogger logger, string service, string addresses);

        [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "State file {Path}: {Count} assignments restored, {Released} released ones remembered")]
        public static partial void StateLoaded(ILogger logger, string path, int count, int released);

        [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "State file {Path} is unreadable ({Error}); starting from no assignments, a copy is kept beside it with the suffix .corrupt")]
        public static partial void StateCorrupt(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Writing state file {Path} failed")]
        public static partial void StateWriteFailed(ILogger logger, string path, Exception exception);
    }
}
