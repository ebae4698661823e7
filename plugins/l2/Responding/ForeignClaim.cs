using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Responding;

/// <summary>Another MAC said it owns an address this interface answers for (an ARP reply, a gratuitous ARP, or a Neighbor
/// Advertisement).</summary>
internal readonly record struct ForeignClaim(string Interface, AnnouncedAddress Address, MacAddress Claimant);
