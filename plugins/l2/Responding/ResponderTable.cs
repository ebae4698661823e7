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

    /// <summary>
    /// The source of our Neighbor Advertisements: the target address itself, as the Linux kernel answers for its own
    /// addresses. MetalLB sends from the interface's link-local address instead, but tools that match the answer to the
    /// question by scope (ndisc6 drops a link-local-sourced answer about a global target) then see nothing, and the
    /// announced address is the one the node speaks for (RFC 4861 §7.2.4: "an address assigned to the interface").
    /// </summary>
    public static UInt128 AdvertisementSource(UInt128 target) => target;
}
