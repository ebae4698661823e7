using Ingot.Plugins.L2.Responding;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>A responder that records its table and gratuitous rounds instead of touching an interface.</summary>
internal sealed class RecordingResponder(string name) : IInterfaceResponder
{
    public string InterfaceName => name;

    public ResponderTable? Table { get; private set; }

    public List<string> Gratuitous { get; } = [];

    public bool Disposed { get; private set; }

    /// <summary>Called on every gratuitous round, before it is recorded.</summary>
    public Action<AnnouncedAddress>? Sending { get; set; }

    public void Update(ResponderTable table) => Table = table;

    public int SendGratuitous(AnnouncedAddress address)
    {
        Sending?.Invoke(address);
        Gratuitous.Add(address.Text);
        return address.IsIPv4 ? 2 : 1;
    }

    public void Dispose() => Disposed = true;
}
