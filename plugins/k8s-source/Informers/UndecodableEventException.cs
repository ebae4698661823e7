namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>
/// A watch event (or a list item) that cannot be turned into an object: a line that is not JSON, a field of the wrong type,
/// an unknown event type, an object without <c>metadata.name</c>, or a mapping that failed. The informer drops the watch
/// and lists again, because resuming after the event would skip it.
/// </summary>
internal sealed class UndecodableEventException : Exception
{
    public UndecodableEventException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
