namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>What happened to an object (the watch event types; <see cref="Bookmark"/> carries only a resourceVersion).</summary>
internal enum InformerEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}
