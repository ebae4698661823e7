namespace Ingot.Host.Pipeline;

/// <summary>Milestones of the pipeline, observable by tests (which must not wait on wall-clock time).</summary>
internal enum PipelineEventKind
{
    SnapshotReceived,
    DebounceStarted,
    PassCompleted,
    Withdrawn,
}
