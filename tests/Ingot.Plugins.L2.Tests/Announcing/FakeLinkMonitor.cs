using Ingot.Plugins.L2.Interfaces;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>Link events the test raises, in place of rtnetlink.</summary>
internal sealed class FakeLinkMonitor : ILinkMonitor
{
    private readonly Dictionary<string, LinkEvent> _links = new(StringComparer.Ordinal);

    public event Action<LinkEvent>? Changed;

    public bool Started { get; private set; }

    public bool Start()
    {
        Started = true;
        return true;
    }

    public LinkEvent? Find(string name) => _links.GetValueOrDefault(name);

    public void Report(LinkEvent link)
    {
        _links[link.Name] = link;
        Changed?.Invoke(link);
    }

    public void Dispose()
    {
    }
}
