namespace Ingot.Plugins.Bgp.Transport;

/// <summary>
/// Where sockets are created and interfaces looked up. The daemon uses the process's network namespace; tests run the
/// speaker inside a namespace they create (a socket stays in the namespace it was created in).
/// </summary>
internal interface INetworkScope
{
    T Run<T>(Func<T> action);
}
