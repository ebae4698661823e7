using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>
/// MetalLB's router-id rule: the configured routerID; else the local IPv4 address of the session; else (IPv6 session) the
/// first IPv4 address on the interface that holds the local IPv6 address; else CRC-32 (IEEE) of the node name written
/// little-endian.
/// </summary>
internal static class RouterId
{
    private static readonly uint[] s_crcTable = BuildTable();

    public static uint Choose(IPAddress? configured, IPAddress localAddress, string nodeName)
    {
        if (configured is not null && configured.AddressFamily == AddressFamily.InterNetwork)
        {
            return ToUInt32(configured);
        }

        if (localAddress.IsIPv4MappedToIPv6)
        {
            localAddress = localAddress.MapToIPv4();
        }

        if (localAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            return ToUInt32(localAddress);
        }

        if (FindOnSameInterface(localAddress, AddressFamily.InterNetwork) is { } v4)
        {
            return ToUInt32(v4);
        }

        return FromNodeName(nodeName);
    }

    /// <summary>CRC-32 of the node name, its bytes in little-endian order read as the identifier.</summary>
    public static uint FromNodeName(string nodeName)
    {
        var crc = Crc32(Encoding.UTF8.GetBytes(nodeName));
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, crc);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static uint ToUInt32(IPAddress v4)
    {
        Span<byte> bytes = stackalloc byte[4];
        v4.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>An address of the given family, global scope preferred, on the interface that holds <paramref name="local"/>.</summary>
    public static IPAddress? FindOnSameInterface(IPAddress local, AddressFamily family)
    {
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                var addresses = nic.GetIPProperties().UnicastAddresses.Select(u => u.Address).ToList();
                if (!addresses.Any(a => a.Equals(local)))
                {
                    continue;
                }

                return addresses.Where(a => a.AddressFamily == family)
                    .OrderBy(a => a.IsIPv6LinkLocal || IPAddress.IsLoopback(a) ? 1 : 0)
                    .FirstOrDefault(a => !a.IsIPv6LinkLocal);
            }
        }
        catch (NetworkInformationException)
        {
            return null;
        }

        return null;
    }

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
