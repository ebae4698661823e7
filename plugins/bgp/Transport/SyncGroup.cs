using Ingot.Plugins.Bgp.Codec;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>Prefixes of one family announced with one attribute set, sorted.</summary>
internal sealed record SyncGroup(RouteEntry Entry, bool IsIPv6, BgpPrefix[] Prefixes);
