using System.Collections.Immutable;
using System.Net;

namespace Ingot.Sdk.Configuration;

/// <summary>A validated IPAddressPool.</summary>
public sealed record AddressPool
{
    /// <summary>The pool's name.</summary>
    public required string Name { get; init; }

    /// <summary>The pool's labels (advertisement pool selectors match them).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The pool's address blocks in the order written; <c>start-end</c> ranges are summarised into the smallest CIDR list,
    /// and host bits are cleared. No block overlaps another in any pool.
    /// </summary>
    public IReadOnlyList<IPNetwork> Cidrs { get; init; } = [];

    /// <summary>How many <see cref="Cidrs"/> entries each <c>spec.addresses</c> entry produced, in order (for aggregation
    /// length checks).</summary>
    public IReadOnlyList<IReadOnlyList<IPNetwork>> CidrsPerAddressEntry { get; init; } = [];

    /// <summary><c>spec.autoAssign</c>: false keeps the pool out of automatic allocation.</summary>
    public bool AutoAssign { get; init; } = true;

    /// <summary><c>spec.avoidBuggyIPs</c>: IPv4 addresses ending in .0 or .255 are never used.</summary>
    public bool AvoidBuggyIPs { get; init; }

    /// <summary>The pool's <c>serviceAllocation</c>, or null when the pool serves any Service.</summary>
    public ServiceAllocationPolicy? Allocation { get; init; }

    /// <summary>The L2Advertisements that select this pool, in name order.</summary>
    public IReadOnlyList<L2Advertisement> L2Advertisements { get; init; } = [];

    /// <summary>The BGPAdvertisements that select this pool, in name order.</summary>
    public IReadOnlyList<BgpAdvertisement> BgpAdvertisements { get; init; } = [];

    /// <summary>True when an address is inside one of <see cref="Cidrs"/>.</summary>
    /// <param name="address">The address.</param>
    /// <returns>True when the pool contains it (buggy IPs included; see <see cref="IsUsable"/>).</returns>
    public bool Contains(IPAddress address) => Cidrs.Any(c => c.Contains(address));

    /// <summary>True when the pool contains the address and may hand it out (not a .0/.255 under avoidBuggyIPs).</summary>
    /// <param name="address">The address.</param>
    /// <returns>True when usable.</returns>
    public bool IsUsable(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!Contains(address))
        {
            return false;
        }

        if (AvoidBuggyIPs && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            Span<byte> bytes = stackalloc byte[4];
            address.TryWriteBytes(bytes, out _);
            return bytes[3] is not (0 or 255);
        }

        return true;
    }
}
