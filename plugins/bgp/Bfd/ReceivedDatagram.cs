using System.Net;

namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>One UDP datagram as <see cref="TtlDatagramReader"/> took it off the socket.</summary>
/// <param name="Payload">The bytes; borrowed from the reader until its next read.</param>
/// <param name="Source">Where it came from (IPv4-mapped addresses unmapped); null if the kernel gave no address.</param>
/// <param name="Ttl">The IPv4 TTL or IPv6 hop limit it arrived with; -1 when the kernel did not say.</param>
/// <param name="Truncated">Larger than the buffer: certainly not a BFD control packet.</param>
internal readonly record struct ReceivedDatagram(ReadOnlyMemory<byte> Payload, IPAddress? Source, int Ttl, bool Truncated);
