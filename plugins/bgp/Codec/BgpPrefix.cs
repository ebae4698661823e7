using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>
/// An IPv4 or IPv6 prefix as BGP encodes it in NLRI (RFC 4271 §4.3): a length and the address bits, host bits zero.
/// IPv4 addresses live in the low 32 bits of <see cref="Bits"/>.
/// </summary>
internal readonly record struct BgpPrefix : IComparable<BgpPrefix>
{
    public BgpPrefix(bool isIPv6, byte length, UInt128 bits)
    {
        var max = isIPv6 ? 128 : 32;
        if (length > max)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"prefix length must be at most {max}");
        }

        IsIPv6 = isIPv6;
        Length = length;
        Bits = bits & Mask(isIPv6, length);
    }

    public bool IsIPv6 { get; }

    public byte Length { get; }

    public UInt128 Bits { get; }

    public BgpFamily Family => BgpFamily.Of(IsIPv6);

    /// <summary>Octets the prefix occupies in NLRI, after its length octet.</summary>
    public int ByteCount => (Length + 7) >> 3;

    /// <summary>Octets in NLRI including the length octet.</summary>
    public int EncodedLength => 1 + ByteCount;

    public static BgpPrefix FromAddress(IPAddress address, int length)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        var isIPv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        UInt128 bits = isIPv6 ? BinaryPrimitives.ReadUInt128BigEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return new BgpPrefix(isIPv6, checked((byte)length), bits);
    }

    public static BgpPrefix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var network = IPNetwork.Parse(text.Contains('/', StringComparison.Ordinal) ? text : text + (text.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"));
        return FromAddress(network.BaseAddress, network.PrefixLength);
    }

    public IPAddress Address
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            if (IsIPv6)
            {
                BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
                return new IPAddress(bytes);
            }

            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
            return new IPAddress(bytes[..4]);
        }
    }

    /// <summary>Writes length octet and prefix octets (RFC 4271 §4.3). Returns the octets written.</summary>
    public int WriteNlri(Span<byte> destination)
    {
        var n = ByteCount;
        destination[0] = Length;
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
        }

        bytes[..n].CopyTo(destination[1..]);
        return n + 1;
    }

    /// <summary>Reads one NLRI entry; false when it is malformed (length too long for the family, or truncated).</summary>
    public static bool TryReadNlri(ReadOnlySpan<byte> source, bool isIPv6, out BgpPrefix prefix, out int consumed)
    {
        prefix = default;
        consumed = 0;
        if (source.IsEmpty)
        {
            return false;
        }

        var length = source[0];
        if (length > (isIPv6 ? 128 : 32))
        {
            return false;
        }

        var n = (length + 7) >> 3;
        if (source.Length < 1 + n)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        source.Slice(1, n).CopyTo(bytes);
        UInt128 bits = isIPv6 ? BinaryPrimitives.ReadUInt128BigEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
        prefix = new BgpPrefix(isIPv6, length, bits);
        consumed = 1 + n;
        return true;
    }

    public int CompareTo(BgpPrefix other)
    {
        var c = IsIPv6.CompareTo(other.IsIPv6);
        if (c != 0)
        {
            return c;
        }

        c = Bits.CompareTo(other.Bits);
        return c != 0 ? c : Length.CompareTo(other.Length);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{Length}");

    private static UInt128 Mask(bool isIPv6, byte length)
    {
        if (isIPv6)
        {
            return length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);
        }

        return length == 0 ? UInt128.Zero : (UInt128)(uint.MaxValue << (32 - length));
    }
}
