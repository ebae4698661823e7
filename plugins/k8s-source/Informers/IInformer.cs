namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>The untyped face of an informer: run it, wait for its first list.</summary>
internal interface IInformer
{
    /// <summary>The resource, for logs.</summary>
    string Name { get; }

    /// <summary>Completes after the first successful list.</summary>
    Task Ready { get; }

    /// <summary>Lists, watches, relists and reconnects until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
