using Ingot.Sdk.Cluster;

namespace Ingot.Host.Pipeline;

/// <summary>One milestone of the pipeline (see <see cref="PipelineRunner.Events"/>).</summary>
internal sealed record PipelineEvent(PipelineEventKind Kind, ClusterState? State = null, PassOutcome? Outcome = null);
