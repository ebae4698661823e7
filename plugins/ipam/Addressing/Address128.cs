using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Ingot.Plugins.Ipam.Addressing;

/// <summary>
/// An IPv4 or IPv6 address as a 128-bit number, so that CIDR arithmetic (offsets, gaps, counts) is plain integer arithmetic
/// whatever the family. IPv4-mapped IPv6 addresses are folded into IPv4, as Go's <c>net.IP.To4</c> does in MetalLB.
/// </summary>
internal readonly record struct Address128(bool IsIPv6, UInt128 Value) : IComparable<Address128>
{
    public static Address128 From(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> v4 = stackalloc byte[4];
            address.TryWriteBytes(v4, out _);
            return new Address128(false, BinaryPrimitives.ReadUInt32BigEndian(v4));
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        return new Address128(true, BinaryPrimitives.ReadUInt128BigEndian(v6));
    }

    /// <summary>True for an IPv4 address ending in .0 or .255 (MetalLB's <c>ipConfusesBuggyFirmwares</c>).</summary>
    public bool IsBuggy => !IsIPv6 && (byte)Value is 0 or 255;

    public IpFamily Family => IsIPv6 ? IpFamily.IPv6 : IpFamily.IPv4;

    public IPAddress ToIPAddress()
    {
        if (!IsIPv6)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)Value);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, Value);
        return new IPAddress(v6);
    }

    public int CompareTo(Address128 other)
    {
        var c = IsIPv6.CompareTo(other.IsIPv6);
        return c != 0 ? c : Value.CompareTo(other.Value);
    }

    public override string ToString() => ToIPAddress().ToString();
}
