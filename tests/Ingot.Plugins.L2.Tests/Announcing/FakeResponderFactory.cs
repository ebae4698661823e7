using Ingot.Plugins.L2.Interfaces;
using Ingot.Plugins.L2.Responding;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>Opens <see cref="RecordingResponder"/>s; names in <see cref="Failing"/> fail as a missing device would.</summary>
internal sealed class FakeResponderFactory : IResponderFactory
{
    public Dictionary<string, RecordingResponder> Opened { get; } = [];

    public HashSet<string> Failing { get; } = [];

    public IInterfaceResponder Open(LinkInfo link)
    {
        if (Failing.Contains(link.Name))
        {
            throw new InvalidOperationException("no such device");
        }

        var r = new RecordingResponder(link.Name);
        Opened[link.Name] = r;
        return r;
    }
}
