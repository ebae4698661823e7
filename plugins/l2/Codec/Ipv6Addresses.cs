using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Ingot.Plugins.L2.Codec;

/// <summary>IPv6 addresses as <see cref="UInt128"/> (network order folded into the integer) and the multicast mappings NDP
/// needs.</summary>
internal static class Ipv6Addresses
{
    /// <summary>ff02::1, all nodes on the link (RFC 4291 §2.7.1).</summary>
    public static readonly UInt128 AllNodes = new(0xFF02_0000_0000_0000UL, 1);

    /// <summary>ff02::1:ff00:0/104, the solicited-node prefix (RFC 4291 §2.7.1).</summary>
    private static readonly UInt128 SolicitedNodePrefix = new(0xFF02_0000_0000_0000UL, 0x0000_0001_FF00_0000UL);

    private const ulong SolicitedNodeMask = 0x00FF_FFFF;

    public static UInt128 Read(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt128BigEndian(source);

    public static void Write(Span<byte> destination, UInt128 address) => BinaryPrimitives.WriteUInt128BigEndian(destination, address);

    public static UInt128 FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"'{address}' is not an IPv6 address.", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return Read(bytes);
    }

    public static IPAddress ToIPAddress(UInt128 address)
    {
        Span<byte> bytes = stackalloc byte[16];
        Write(bytes, address);
        return new IPAddress(bytes);
    }

    /// <summary>True for ff00::/8 (RFC 4291 §2.7).</summary>
    public static bool IsMulticast(UInt128 address) => (byte)(address >> 120) == 0xFF;

    /// <summary>The solicited-node multicast address of <paramref name="address"/>: ff02::1:ff + its low 24 bits
    /// (RFC 4291 §2.7.1).</summary>
    public static UInt128 SolicitedNode(UInt128 address) => SolicitedNodePrefix | (address & SolicitedNodeMask);

    /// <summary>The Ethernet address of an IPv6 multicast group: 33:33 + the group's low 32 bits (RFC 2464 §7).</summary>
    public static MacAddress MulticastMac(UInt128 group) => new(0x3333_0000_0000UL | (ulong)(uint)group);
}
