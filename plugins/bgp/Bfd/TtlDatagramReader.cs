using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>
/// Reads UDP datagrams together with the TTL (IPv4) or hop limit (IPv6) they arrived with, which .NET's
/// <see cref="Socket.ReceiveMessageFromAsync(Memory{byte}, SocketFlags, EndPoint, CancellationToken)"/> does not report:
/// <c>recvmsg(2)</c> with <c>IP_RECVTTL</c> / <c>IPV6_RECVHOPLIMIT</c> ancillary data (Linux). The buffers are pinned once
/// and reused, so one reader serves one receive loop.
/// </summary>
internal sealed class TtlDatagramReader
{
    private const int IpProtoIp = 0;
    private const int IpProtoIpv6 = 41;
    private const int IpRecvTtl = 12;
    private const int IpTtl = 2;
    private const int Ipv6RecvHopLimit = 51;
    private const int Ipv6HopLimit = 52;
    private const int MsgDontWait = 0x40;
    private const int MsgTrunc = 0x20;
    private const int EAgain = 11;
    private const int EIntr = 4;
    private const int AfInet = 2;
    private const int AfInet6 = 10;

    // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } followed by data aligned to size_t (LP64).
    private const int CmsgHeaderLength = 16;

    private readonly Socket _socket;
    private readonly byte[] _payload = GC.AllocateArray<byte>(512, pinned: true);
    private readonly byte[] _name = GC.AllocateArray<byte>(128, pinned: true);
    private readonly byte[] _control = GC.AllocateArray<byte>(128, pinned: true);
    private readonly IoVec[] _iov = GC.AllocateArray<IoVec>(1, pinned: true);

    public TtlDatagramReader(Socket socket)
    {
        _socket = socket;
        Span<byte> on = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(on, 1);
        if (socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.SetRawSocketOption(IpProtoIpv6, Ipv6RecvHopLimit, on);
        }
        else
        {
            socket.SetRawSocketOption(IpProtoIp, IpRecvTtl, on);
        }

        _iov[0] = new IoVec { Base = Marshal.UnsafeAddrOfPinnedArrayElement(_payload, 0), Length = (nuint)_payload.Length };
    }

    /// <summary>Waits until a datagram is queued (without taking it); then <see cref="TryRead"/> takes them.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        // A zero-byte peek completes when the socket becomes readable; the datagram stays queued for recvmsg.
        await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken);
    }

    /// <summary>Takes one queued datagram without blocking; false when none is left.</summary>
    /// <param name="datagram">The payload (valid until the next call), its source and the TTL or hop limit (-1 if unknown).</param>
    public bool TryRead(out ReceivedDatagram datagram)
    {
        datagram = default;
        while (true)
        {
            var header = new MsgHdr
            {
                Name = Marshal.UnsafeAddrOfPinnedArrayElement(_name, 0),
                NameLength = (uint)_name.Length,
                Iov = Marshal.UnsafeAddrOfPinnedArrayElement(_iov, 0),
                IovLength = 1,
                Control = Marshal.UnsafeAddrOfPinnedArrayElement(_control, 0),
                ControlLength = (nuint)_control.Length,
            };

            var n = RecvMsg(_socket.SafeHandle.DangerousGetHandle(), ref header, MsgDontWait);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr)
                {
                    continue;
                }

                if (errno == EAgain)
                {
                    return false;
                }

                throw new SocketException(errno);
            }

            var source = ReadAddress(_name.AsSpan(0, (int)header.NameLength));
            var ttl = ReadTtl(_control.AsSpan(0, (int)Math.Min(header.ControlLength, (nuint)_control.Length)));
            var length = (header.Flags & MsgTrunc) != 0 ? -1 : (int)n;
            datagram = new ReceivedDatagram(length < 0 ? Memory<byte>.Empty : _payload.AsMemory(0, length), source, ttl, length < 0);
            return true;
        }
    }

    private static IPAddress? ReadAddress(ReadOnlySpan<byte> name)
    {
        if (name.Length >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(name) == AfInet)
        {
            return new IPAddress(name[4..8]);
        }

        if (name.Length >= 28 && BinaryPrimitives.ReadUInt16LittleEndian(name) == AfInet6)
        {
            var address = new IPAddress(name[8..24], BinaryPrimitives.ReadUInt32LittleEndian(name[24..]));
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        }

        return null;
    }

    private static int ReadTtl(ReadOnlySpan<byte> control)
    {
        while (control.Length >= CmsgHeaderLength)
        {
            var length = (long)BinaryPrimitives.ReadUInt64LittleEndian(control);
            var level = BinaryPrimitives.ReadInt32LittleEndian(control[8..]);
            var type = BinaryPrimitives.ReadInt32LittleEndian(control[12..]);
            if (length < CmsgHeaderLength || length > control.Length)
            {
                return -1;
            }

            if (length >= CmsgHeaderLength + 4 && ((level == IpProtoIp && type == IpTtl) || (level == IpProtoIpv6 && type == Ipv6HopLimit)))
            {
                return BinaryPrimitives.ReadInt32LittleEndian(control[CmsgHeaderLength..]);
            }

            var next = (int)((length + 7) & ~7L);
            control = next >= control.Length ? default : control[next..];
        }

        return -1;
    }

    [DllImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint RecvMsg(nint socket, ref MsgHdr message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public nint Base;
        public nuint Length;
    }
}
