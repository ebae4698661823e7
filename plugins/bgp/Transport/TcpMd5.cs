using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>TCP MD5 signatures (RFC 2385) through Linux's <c>TCP_MD5SIG</c> socket option.</summary>
internal static class TcpMd5
{
    private const int IpProtoTcp = 6;
    private const int TcpMd5Sig = 14;
    private const int MaxKeyLength = 80;

    // struct tcp_md5sig { sockaddr_storage addr (128); u8 flags; u8 prefixlen; u16 keylen; u32 ifindex; u8 key[80]; }
    private const int StructLength = 128 + 1 + 1 + 2 + 4 + MaxKeyLength;

    /// <summary>Installs the key for one peer address on a socket (before connect, or on the listener before accept).</summary>
    public static void SetKey(Socket socket, IPAddress peer, string password)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("TCP MD5 signatures need Linux");
        }

        var key = Encoding.UTF8.GetBytes(password);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"TCP MD5 password is {key.Length} bytes; at most {MaxKeyLength}", nameof(password));
        }

        Span<byte> option = stackalloc byte[StructLength];
        option.Clear();

        // The socket family decides the sockaddr form: an IPv4 peer on an IPv6 socket is written IPv4-mapped.
        if (socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var v6 = peer.AddressFamily == AddressFamily.InterNetwork ? peer.MapToIPv6() : peer;
            BinaryPrimitives.WriteUInt16LittleEndian(option, 10); // AF_INET6, host order
            v6.TryWriteBytes(option[8..24], out _);
        }
        else
        {
            var v4 = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
            BinaryPrimitives.WriteUInt16LittleEndian(option, 2); // AF_INET, host order
            v4.TryWriteBytes(option[4..8], out _);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(option[130..], (ushort)key.Length);
        key.CopyTo(option[136..]);
        socket.SetRawSocketOption(IpProtoTcp, TcpMd5Sig, option);
    }
}
