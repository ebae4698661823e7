using Ingot.Plugins.L2.Announcing;

namespace Ingot.Plugins.L2.Responding;

/// <summary>Answers ARP/NDP on one interface and sends gratuitous announcements there.</summary>
internal interface IInterfaceResponder : IDisposable
{
    string InterfaceName { get; }

    /// <summary>Replaces the set of addresses answered for.</summary>
    void Update(ResponderTable table);

    /// <summary>Sends one gratuitous round for <paramref name="address"/>: ARP request and reply (IPv4) or an unsolicited
    /// Neighbor Advertisement to ff02::1 (IPv6).</summary>
    /// <returns>The number of packets sent.</returns>
    int SendGratuitous(AnnouncedAddress address);
}
