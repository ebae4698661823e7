using System.Net;

namespace Ingot.Bench.Bgp;

/// <summary>
/// One BGP message as captured: when the packet holding its last octet crossed the wire (Unix ms), who sent it from which
/// port (a port tells the connections of colliding sessions apart), to whom, its type and length.
/// </summary>
internal readonly record struct WireMessage(double UnixMs, IPAddress Source, int SourcePort, IPAddress Destination, byte Type, int Length);
