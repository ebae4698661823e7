using System.Buffers.Binary;

namespace Ingot.Plugins.L2.Codec;

/// <summary>
/// The ICMPv6 checksum (RFC 4443 §2.3): the 16-bit one's complement of the one's complement sum of the IPv6 pseudo-header
/// (RFC 8200 §8.1: source, destination, upper-layer length, three zero octets, next header 58) and the ICMPv6 message.
/// </summary>
internal static class Icmpv6Checksum
{
    private const byte NextHeaderIcmpv6 = 58;

    /// <summary>Computes the checksum of <paramref name="message"/>, whose checksum field (offset 2) must be zero.</summary>
    public static ushort Compute(UInt128 source, UInt128 destination, ReadOnlySpan<byte> message)
        => (ushort)~Fold(Sum(source, destination, message));

    /// <summary>True when the message, checksum field included, sums to all ones (RFC 1071 §1 verification).</summary>
    public static bool IsValid(UInt128 source, UInt128 destination, ReadOnlySpan<byte> message)
        => Fold(Sum(source, destination, message)) == 0xFFFF;

    private static ulong Sum(UInt128 source, UInt128 destination, ReadOnlySpan<byte> message)
    {
        ulong sum = AddAddress(0, source);
        sum = AddAddress(sum, destination);
        sum += (uint)message.Length >> 16;
        sum += (uint)message.Length & 0xFFFF;
        sum += NextHeaderIcmpv6;
        var i = 0;
        for (; i + 1 < message.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(message[i..]);
        }

        if (i < message.Length)
        {
            // An odd final octet is padded with a zero octet on the right (RFC 1071 §4.1).
            sum += (ulong)message[i] << 8;
        }

        return sum;
    }

    private static ulong AddAddress(ulong sum, UInt128 address)
    {
        for (var shift = 0; shift < 128; shift += 16)
        {
            sum += (ushort)(address >> shift);
        }

        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)sum;
    }
}
