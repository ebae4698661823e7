namespace Ingot.Host.Pipeline;

/// <summary>Timing of the daemon's pipeline.</summary>
internal sealed record PipelineOptions
{
    /// <summary>How long to wait after a change for more changes before a pass (coalesces bursts).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long announcers get to withdraw on shutdown.</summary>
    public TimeSpan WithdrawTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after a pass in which a plugin failed to run another one, even without a change.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before watching again after the source's stream failed or ended.</summary>
    public TimeSpan WatchRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
