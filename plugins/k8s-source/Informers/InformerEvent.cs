namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>One watch event, already mapped.</summary>
/// <typeparam name="T">The mapped object type.</typeparam>
/// <param name="Type">The event type.</param>
/// <param name="Key">The object's key; null for bookmarks.</param>
/// <param name="ResourceVersion">The resourceVersion to resume from after this event.</param>
/// <param name="Value">The mapped object; null for deletes and bookmarks.</param>
internal readonly record struct InformerEvent<T>(InformerEventType Type, string? Key, string? ResourceVersion, T? Value)
    where T : class;
