namespace Ingot.Plugins.Bgp.Transport;

/// <summary>The process's own network namespace.</summary>
internal sealed class ProcessNetworkScope : INetworkScope
{
    public static ProcessNetworkScope Instance { get; } = new();

    public T Run<T>(Func<T> action) => action();
}
