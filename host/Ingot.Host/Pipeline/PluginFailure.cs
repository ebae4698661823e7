namespace Ingot.Host.Pipeline;

/// <summary>A plugin that threw during a pass: which plugin, in which step, and what it threw.</summary>
internal sealed record PluginFailure(string Plugin, Exception Error)
{
    /// <summary>The pipeline step that threw: Allocate, WriteStatusAsync, Plan, ApplyAsync or ReportAnnouncementsAsync.</summary>
    public required string Step { get; init; }
}
