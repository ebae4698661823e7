using System.Net;

namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>What identifies a session and how it runs, as <see cref="BfdEndpoint"/> hands it to a new <see cref="BfdSession"/>.</summary>
internal sealed record BfdSessionOptions(IPAddress Peer, IPAddress Local, bool Multihop, BfdSettings Settings, uint LocalDiscriminator);
