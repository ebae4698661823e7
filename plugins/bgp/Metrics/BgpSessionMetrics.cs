namespace Ingot.Plugins.Bgp.Metrics;

/// <summary>A session's gauges at one instant.</summary>
/// <param name="Peer"><c>addr:port</c>.</param>
/// <param name="Up">Established.</param>
/// <param name="Announced">Prefixes the peer holds from us.</param>
/// <param name="Pending">Prefixes that should be advertised.</param>
internal readonly record struct BgpSessionMetrics(string Peer, bool Up, long Announced, long Pending);
