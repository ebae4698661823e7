using Ingot.Plugins.L2.Interfaces;

namespace Ingot.Bench.L2;

/// <summary>No netlink in the takeover benchmark.</summary>
internal sealed class NoLinkEvents : ILinkMonitor
{
    public event Action<LinkEvent>? Changed { add { } remove { } }

    public bool Start() => true;

    public LinkEvent? Find(string name) => null;

    public void Dispose()
    {
    }
}
