using System.Threading.Channels;
using Ingot.Host.Metrics;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingot.Host.Pipeline;

/// <summary>
/// The daemon's loop: watches the source, keeps only the newest snapshot, waits out a burst of changes (debounce), and
/// runs one <see cref="ReconcilePass"/> at a time on the newest snapshot. On shutdown every announcer withdraws, bounded
/// by <see cref="PipelineOptions.WithdrawTimeout"/>.
/// </summary>
internal sealed partial class PipelineRunner : BackgroundService
{
    private readonly PipelineComponents _components;
    private readonly ReconcilePass _pass;
    private readonly PipelineHealth _health;
    private readonly HostMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly PipelineOptions _options;
    private readonly ILogger _logger;

    // Capacity 1 and DropWrite: any number of changes while a pass waits or runs become one more pass.
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Channel<PipelineEvent> _events = Channel.CreateUnbounded<PipelineEvent>();
    private ClusterState? _latest;
    private ITimer? _retry;

    public PipelineRunner(PipelineComponents components, ReconcilePass pass, PipelineHealth health, HostMetrics? metrics,
        TimeProvider time, PipelineOptions options, ILogger<PipelineRunner> logger)
    {
        _components = components;
        _pass = pass;
        _health = health;
        _metrics = metrics;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Milestones, for tests; nothing in the daemon reads them.</summary>
    internal ChannelReader<PipelineEvent> Events => _events.Reader;

    /// <summary>Set to publish milestones to <see cref="Events"/> (tests only; off in the daemon so nothing piles up).</summary>
    internal bool PublishEvents { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _health.MarkRunning(true);
        var watch = WatchLoopAsync(stoppingToken);
        try
        {
            await PassLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await watch.ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _retry?.Dispose();
        await WithdrawAllAsync().ConfigureAwait(false);
        _health.MarkRunning(false);
    }

    public override void Dispose()
    {
        _retry?.Dispose();
        base.Dispose();
    }

    private async Task WatchLoopAsync(CancellationToken stoppingToken)
    {
        var source = _components.Source;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var state in source.WatchAsync(stoppingToken).ConfigureAwait(false))
                {
                    Volatile.Write(ref _latest, state);
                    Publish(new PipelineEvent(PipelineEventKind.SnapshotReceived, state));
                    _changed.Writer.TryWrite(true);
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                Log.WatchEnded(_logger, source.Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var plugin = _components.PluginOf(source, source.Name);
                _metrics?.RecordError(plugin);
                Log.WatchFailed(_logger, plugin, ex);
            }

            try
            {
                await Task.Delay(_options.WatchRetryDelay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PassLoopAsync(CancellationToken stoppingToken)
    {
        while (await _changed.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            // The delay's timer exists before the milestone is published, so a test may advance time right after it.
            var debounce = _options.Debounce > TimeSpan.Zero ? Task.Delay(_options.Debounce, _time, stoppingToken) : Task.CompletedTask;
            Publish(new PipelineEvent(PipelineEventKind.DebounceStarted, Volatile.Read(ref _latest)));
            await debounce.ConfigureAwait(false);

            // Everything that arrived during the wait is folded into this pass.
            while (_changed.Reader.TryRead(out _))
            {
            }

            var state = Volatile.Read(ref _latest);
            if (state is null)
            {
                continue;
            }

            var started = _time.GetTimestamp();
            PassOutcome outcome;
            try
            {
                outcome = await _pass.RunAsync(state, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var elapsed = _time.GetElapsedTime(started);
            _metrics?.RecordPass(elapsed, _time.GetUtcNow(), outcome.Succeeded);
            _retry?.Dispose();
            _retry = null;
            if (outcome.Succeeded)
            {
                _health.MarkReady();
            }
            else
            {
                // A failed plugin gets another chance without waiting for the next change.
                _retry = _time.CreateTimer(_ => _changed.Writer.TryWrite(true), null, _options.RetryDelay, Timeout.InfiniteTimeSpan);
            }

            Log.PassCompleted(_logger, state.Revision, outcome.Allocation.Assignments.Count, outcome.Failures.Count, elapsed.TotalMilliseconds);
            Publish(new PipelineEvent(PipelineEventKind.PassCompleted, state, outcome));
        }
    }

    private async Task WithdrawAllAsync()
    {
        using var timeout = new CancellationTokenSource(_options.WithdrawTimeout, _time);
        var withdrawals = _components.Announcers.Select(async announcer =>
        {
            var plugin = _components.PluginOf(announcer, announcer.Name);
            try
            {
                await announcer.WithdrawAllAsync(timeout.Token).ConfigureAwait(false);
                Log.Withdrawn(_logger, plugin);
            }
            catch (Exception ex)
            {
                Log.WithdrawFailed(_logger, plugin, ex);
            }
        }).ToArray();

        try
        {
            // An announcer that ignores the token must not hold the process: stop waiting when the bound is over.
            await Task.WhenAll(withdrawals).WaitAsync(_options.WithdrawTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.WithdrawTimedOut(_logger, _options.WithdrawTimeout.TotalSeconds);
        }

        Publish(new PipelineEvent(PipelineEventKind.Withdrawn));
    }

    private void Publish(PipelineEvent e)
    {
        if (PublishEvents)
        {
            _events.Writer.TryWrite(e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "Source {Source} ended its snapshot stream; watching again")]
        public static partial void WatchEnded(ILogger logger, string source);

        [LoggerMessage(21, LogLevel.Error, "Source plugin {Plugin} failed while watching; watching again")]
        public static partial void WatchFailed(ILogger logger, string plugin, Exception exception);

        [LoggerMessage(22, LogLevel.Information, "Reconciled revision {Revision}: {Services} services, {Failures} plugin failures, {Milliseconds:F1} ms")]
        public static partial void PassCompleted(ILogger logger, long revision, int services, int failures, double milliseconds);

        [LoggerMessage(23, LogLevel.Information, "Announcer plugin {Plugin} withdrew everything")]
        public static partial void Withdrawn(ILogger logger, string plugin);

        [LoggerMessage(24, LogLevel.Error, "Announcer plugin {Plugin} failed to withdraw")]
        public static partial void WithdrawFailed(ILogger logger, string plugin, Exception exception);

        [LoggerMessage(25, LogLevel.Error, "Withdrawal did not finish within {Seconds} s; exiting anyway")]
        public static partial void WithdrawTimedOut(ILogger logger, double seconds);
    }
}
