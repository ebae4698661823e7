using Ingot.Plugins.Bgp.Bfd;

namespace Ingot.Plugins.Bgp.Metrics;

/// <summary>A session's gauges at one instant.</summary>
/// <param name="Peer"><c>addr:port</c>.</param>
/// <param name="Up">Established.</param>
/// <param name="Announced">Prefixes the peer holds from us.</param>
/// <param name="Pending">Prefixes that should be advertised.</param>
/// <param name="Bfd">The BFD session beside it, or null.</param>
internal readonly record struct BgpSessionMetrics(string Peer, bool Up, long Announced, long Pending, BfdSession? Bfd = null);
