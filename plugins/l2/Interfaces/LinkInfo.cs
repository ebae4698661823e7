using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Interfaces;

/// <summary>What the responder needs to know about one network interface, read from <c>/sys/class/net</c>.</summary>
internal sealed record LinkInfo
{
    public required string Name { get; init; }

    public int Index { get; init; }

    public MacAddress Mac { get; init; }

    /// <summary>IFF_UP.</summary>
    public bool IsUp { get; init; }

    /// <summary>IFF_BROADCAST: the link can carry ARP broadcasts.</summary>
    public bool IsBroadcast { get; init; }

    /// <summary>IFF_NOARP: no address resolution on this link.</summary>
    public bool NoArp { get; init; }

    /// <summary>True when <c>/sys/class/net/&lt;if&gt;/master</c> exists: the link is a bond or bridge member, and the
    /// master answers for it.</summary>
    public bool HasMaster { get; init; }

    /// <summary>The link's IPv6 link-local address (the source of our Neighbor Advertisements), or null.</summary>
    public UInt128? LinkLocal { get; init; }
}
