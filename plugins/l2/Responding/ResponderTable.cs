using System.Collections.Frozen;
using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Responding;

/// <summary>An immutable snapshot of what one interface answers for. The capture thread reads it through a volatile field,
/// and an update swaps it whole.</summary>
internal sealed class ResponderTable
{
    public ResponderTable(MacAddress mac, UInt128? linkLocal, IEnumerable<AnnouncedAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        Mac = mac;
        LinkLocal = linkLocal;
        var list = addresses.ToList();
        V4 = list.Where(a => a.IsIPv4).ToFrozenDictionary(a => a.V4);
        V6 = list.Where(a => !a.IsIPv4).ToFrozenDictionary(a => a.V6);
    }

    public MacAddress Mac { get; }

    public UInt128? LinkLocal { get; }

    public FrozenDictionary<uint, AnnouncedAddress> V4 { get; }

    public FrozenDictionary<UInt128, AnnouncedAddress> V6 { get; }

    public int Count => V4.Count + V6.Count;

    /// <summary>The source of our Neighbor Advertisements: the link-local address as MetalLB uses, else the target itself
    /// (RFC 4861 §7.2.4 allows any address of the interface).</summary>
    public UInt128 AdvertisementSource(UInt128 target) => LinkLocal ?? target;
}
