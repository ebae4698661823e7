using System.Net.Sockets;
using Ingot.Plugins.L2.Codec;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.L2.Responding;

/// <summary>
/// Joins the solicited-node multicast group of each announced IPv6 address on one interface (RFC 4861 §7.2.1), refcounted
/// because addresses that agree in their low 24 bits share a group. Joining through a socket makes the kernel program the
/// NIC's multicast filter and send MLD reports, so snooping switches forward the solicitations to us.
/// </summary>
internal sealed class SolicitedNodeMemberships : IDisposable
{
    private readonly Socket _socket;
    private readonly string _interface;
    private readonly int _index;
    private readonly ILogger _logger;
    private readonly Dictionary<UInt128, int> _groups = [];

    public SolicitedNodeMemberships(string interfaceName, int interfaceIndex, ILogger logger)
    {
        _interface = interfaceName;
        _index = interfaceIndex;
        _logger = logger;
        _socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
    }

    public IReadOnlyCollection<UInt128> Groups => _groups.Keys;

    /// <summary>Brings the joined groups to exactly those of <paramref name="addresses"/>.</summary>
    public void Set(IEnumerable<UInt128> addresses)
    {
        var wanted = new Dictionary<UInt128, int>();
        foreach (var a in addresses)
        {
            var g = Ipv6Addresses.SolicitedNode(a);
            wanted[g] = wanted.GetValueOrDefault(g) + 1;
        }

        foreach (var g in _groups.Keys.Where(g => !wanted.ContainsKey(g)).ToList())
        {
            Change(g, SocketOptionName.DropMembership);
            _groups.Remove(g);
        }

        foreach (var (g, count) in wanted)
        {
            if (!_groups.ContainsKey(g))
            {
                Change(g, SocketOptionName.AddMembership);
            }

            _groups[g] = count;
        }
    }

    public void Dispose()
    {
        Set([]);
        _socket.Dispose();
    }

    private void Change(UInt128 group, SocketOptionName option)
    {
        var address = Ipv6Addresses.ToIPAddress(group);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, option, new IPv6MulticastOption(address, _index));
        }
        catch (SocketException e)
        {
            Log.MulticastFailed(_logger, address.ToString(), _interface, e.Message);
        }
    }
}
