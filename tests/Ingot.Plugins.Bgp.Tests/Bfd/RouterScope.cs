using Ingot.Plugins.Bgp.Interop.Tests;
using Ingot.Plugins.Bgp.Transport;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>The lab's router namespace as a network scope, so a second Ingot endpoint can play the peer.</summary>
internal sealed class RouterScope(NetNsLab lab) : INetworkScope
{
    public T Run<T>(Func<T> action) => lab.RunInRouter(action);
}
