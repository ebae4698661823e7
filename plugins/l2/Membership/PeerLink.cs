using System.Net;
using System.Net.Sockets;

namespace Ingot.Plugins.L2.Membership;

/// <summary>One peer's sending socket. Connected, because Linux reports an ICMP port-unreachable only to a connected UDP
/// socket (as ECONNREFUSED on its next receive or send); an unconnected one never learns of it.</summary>
internal sealed class PeerLink : IDisposable
{
    public PeerLink(string node, IPEndPoint endpoint)
    {
        Node = node;
        Endpoint = endpoint;
        Socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        Socket.Connect(endpoint);
    }

    public string Node { get; }

    public IPEndPoint Endpoint { get; }

    public Socket Socket { get; }

    public void Dispose() => Socket.Dispose();
}
