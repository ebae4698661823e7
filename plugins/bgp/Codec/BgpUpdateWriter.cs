using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Writes UPDATE messages, packing as many prefixes into each as fit in 4096 octets.</summary>
/// <remarks>
/// RFC 4271 §4.3:
/// <code>
///  | Withdrawn Routes Length (2) | Withdrawn Routes | Total Path Attribute Length (2) | Path Attributes | NLRI |
/// </code>
/// IPv4 prefixes go in the NLRI field with NEXT_HOP; IPv6 prefixes go inside MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760).
/// Attributes are written in ascending type order (RFC 4271 §5: SHOULD).
/// </remarks>
internal static class BgpUpdateWriter
{
    private const int MaxLength = BgpMessageReader.MaxMessageLength;
    private const int Header = BgpMessageReader.HeaderLength;

    // Room for ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF, 63+ communities, AS4_PATH and large communities.
    private const int AttributeScratch = 2048;

    /// <summary>Encodes the attributes shared by a group of prefixes. Returns (octets before MP_REACH, octets after).</summary>
    public static (int Pre, int Post) EncodeAttributes(Span<byte> destination, RouteAttributes attributes, bool isIPv6, bool fourOctetAs)
    {
        var p = 0;

        // ORIGIN IGP (RFC 4271 §5.1.1).
        p += WriteAttributeHeader(destination[p..], PathAttributeType.FlagTransitive, PathAttributeType.Origin, 1);
        destination[p++] = 0;

        // AS_PATH (RFC 4271 §5.1.2): one AS_SEQUENCE, 4-octet ASNs when the peer has the capability, else 2-octet
        // with AS_TRANS standing in for ASNs above 65535 and the real path in AS4_PATH (RFC 6793 §4.2.2).
        var path = attributes.AsPath;
        var needsAs4Path = false;
        var asSize = fourOctetAs ? 4 : 2;
        var segments = (path.Count + 254) / 255;
        var pathLength = (2 * segments) + (asSize * path.Count);
        p += WriteAttributeHeader(destination[p..], PathAttributeType.FlagTransitive, PathAttributeType.AsPath, pathLength);
        for (var i = 0; i < path.Count; i++)
        {
            if (i % 255 == 0)
            {
                destination[p++] = PathAttributeType.AsSequence;
                destination[p++] = (byte)Math.Min(255, path.Count - i);
            }

            if (fourOctetAs)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[p..], path[i]);
            }
            else
            {
                needsAs4Path |= path[i] > ushort.MaxValue;
                BinaryPrimitives.WriteUInt16BigEndian(destination[p..], path[i] > ushort.MaxValue ? BgpOpenMessage.AsTrans : (ushort)path[i]);
            }

            p += asSize;
        }

        // NEXT_HOP for IPv4 NLRI (RFC 4271 §5.1.3); IPv6 carries it in MP_REACH_NLRI instead (RFC 4760 §3).
        if (!isIPv6)
        {
            p += WriteAttributeHeader(destination[p..], PathAttributeType.FlagTransitive, PathAttributeType.NextHop, 4);
            WriteIPv4(destination[p..], attributes.NextHop);
            p += 4;
        }

        // LOCAL_PREF (RFC 4271 §5.1.5): the caller passes it for iBGP peers only.
        if (attributes.LocalPref is { } localPref)
        {
            p += WriteAttributeHeader(destination[p..], PathAttributeType.FlagTransitive, PathAttributeType.LocalPref, 4);
            BinaryPrimitives.WriteUInt32BigEndian(destination[p..], localPref);
            p += 4;
        }

        // COMMUNITIES (RFC 1997): optional transitive.
        if (attributes.Communities.Count > 0)
        {
            p += WriteAttributeHeader(destination[p..], PathAttributeType.FlagOptional | PathAttributeType.FlagTransitive, PathAttributeType.Communities, 4 * attributes.Communities.Count);
            foreach (var c in attributes.Communities)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[p..], c);
                p += 4;
            }
        }

        var pre = p;

        if (needsAs4Path)
        {
            var as4Length = (2 * segments) + (4 * path.Count);
            p += WriteAttributeHeader(destination[p..], PathAttributeType.FlagOptional | PathAttributeType.FlagTransitive, PathAttributeType.As4Path, as4Length);
            for (var i = 0; i < path.Count; i++)
            {
                if (i % 255 == 0)
                {
                    destination[p++] = PathAttributeType.AsSequence;
                    destination[p++] = (byte)Math.Min(255, path.Count - i);
                }

                BinaryPrimitives.WriteUInt32BigEndian(destination[p..], path[i]);
                p += 4;
            }
        }

        // LARGE_COMMUNITY (RFC 8092 §3): optional transitive, 12 octets each.
        if (attributes.LargeCommunities.Count > 0)
        {
            p += WriteAttributeHeader(destination[p..], PathAttributeType.FlagOptional | PathAttributeType.FlagTransitive, PathAttributeType.LargeCommunity, 12 * attributes.LargeCommunities.Count);
            foreach (var c in attributes.LargeCommunities)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[p..], c.GlobalAdministrator);
                BinaryPrimitives.WriteUInt32BigEndian(destination[(p + 4)..], c.LocalData1);
                BinaryPrimitives.WriteUInt32BigEndian(destination[(p + 8)..], c.LocalData2);
                p += 12;
            }
        }

        return (pre, p - pre);
    }

    /// <summary>Writes announcements of prefixes of one family sharing attributes. Returns the number of UPDATEs.</summary>
    public static int WriteAnnouncements(IBufferWriter<byte> output, RouteAttributes attributes, bool fourOctetAs, ReadOnlySpan<BgpPrefix> prefixes)
    {
        if (prefixes.IsEmpty)
        {
            return 0;
        }

        var isIPv6 = prefixes[0].IsIPv6;
        Span<byte> scratch = stackalloc byte[AttributeScratch];
        var (pre, post) = EncodeAttributes(scratch, attributes, isIPv6, fourOctetAs);
        return isIPv6
            ? WriteIPv6Announcements(output, scratch[..pre], scratch.Slice(pre, post), attributes.NextHop, prefixes)
            : WriteIPv4Announcements(output, scratch[..pre], scratch.Slice(pre, post), prefixes);
    }

    /// <summary>Writes withdrawals of prefixes of one family. Returns the number of UPDATEs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see SyncPlan.Create: a large table is encoded once, cold
    public static int WriteWithdrawals(IBufferWriter<byte> output, ReadOnlySpan<BgpPrefix> prefixes)
    {
        var messages = 0;
        while (!prefixes.IsEmpty)
        {
            var isIPv6 = prefixes[0].IsIPv6;
            var message = output.GetSpan(MaxLength);
            int length;
            int taken;
            if (!isIPv6)
            {
                // RFC 4271 §4.3: Withdrawn Routes, then an empty attribute list.
                (taken, var used) = Pack(prefixes, message[(Header + 2)..(MaxLength - 2)], isIPv6);
                BinaryPrimitives.WriteUInt16BigEndian(message[Header..], (ushort)used);
                BinaryPrimitives.WriteUInt16BigEndian(message[(Header + 2 + used)..], 0);
                length = Header + 4 + used;
            }
            else
            {
                // RFC 4760 §4: MP_UNREACH_NLRI = AFI (2), SAFI (1), withdrawn routes.
                const int AttributeStart = Header + 4;
                const int RoutesStart = AttributeStart + 4 + 3;
                (taken, var used) = Pack(prefixes, message[RoutesStart..MaxLength], isIPv6);
                BinaryPrimitives.WriteUInt16BigEndian(message[Header..], 0);
                var attributeLength = 3 + used;
                BinaryPrimitives.WriteUInt16BigEndian(message[(Header + 2)..], (ushort)(4 + attributeLength));
                message[AttributeStart] = PathAttributeType.FlagOptional | PathAttributeType.FlagExtendedLength;
                message[AttributeStart + 1] = PathAttributeType.MpUnreachNlri;
                BinaryPrimitives.WriteUInt16BigEndian(message[(AttributeStart + 2)..], (ushort)attributeLength);
                BinaryPrimitives.WriteUInt16BigEndian(message[(AttributeStart + 4)..], BgpFamily.AfiIPv6);
                message[AttributeStart + 6] = BgpFamily.SafiUnicast;
                length = RoutesStart + used;
            }

            BgpMessageReader.WriteHeader(message, length, BgpMessageType.Update);
            output.Advance(length);
            prefixes = prefixes[taken..];
            messages++;
        }

        return messages;
    }

    /// <summary>
    /// Writes the End-of-RIB marker (RFC 4724 §2): an empty UPDATE for IPv4 unicast, an UPDATE holding only an empty
    /// MP_UNREACH_NLRI for other families.
    /// </summary>
    public static int WriteEndOfRib(Span<byte> destination, BgpFamily family)
    {
        if (family == BgpFamily.IPv4Unicast)
        {
            destination.Slice(Header, 4).Clear();
            BgpMessageReader.WriteHeader(destination, Header + 4, BgpMessageType.Update);
            return Header + 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[Header..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(Header + 2)..], 6);
        var a = destination[(Header + 4)..];
        a[0] = PathAttributeType.FlagOptional;
        a[1] = PathAttributeType.MpUnreachNlri;
        a[2] = 3;
        BinaryPrimitives.WriteUInt16BigEndian(a[3..], family.Afi);
        a[5] = family.Safi;
        BgpMessageReader.WriteHeader(destination, Header + 10, BgpMessageType.Update);
        return Header + 10;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see SyncPlan.Create: a large table is encoded once, cold
    private static int WriteIPv4Announcements(IBufferWriter<byte> output, ReadOnlySpan<byte> pre, ReadOnlySpan<byte> post, ReadOnlySpan<BgpPrefix> prefixes)
    {
        var messages = 0;
        var attributeLength = pre.Length + post.Length;
        var nlriStart = Header + 4 + attributeLength;
        Debug.Assert(nlriStart + 5 <= MaxLength, "attributes leave room for NLRI");
        while (!prefixes.IsEmpty)
        {
            var message = output.GetSpan(MaxLength);
            BinaryPrimitives.WriteUInt16BigEndian(message[Header..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(message[(Header + 2)..], (ushort)attributeLength);
            pre.CopyTo(message[(Header + 4)..]);
            post.CopyTo(message[(Header + 4 + pre.Length)..]);
            var (taken, used) = Pack(prefixes, message[nlriStart..MaxLength], isIPv6: false);
            var length = nlriStart + used;
            BgpMessageReader.WriteHeader(message, length, BgpMessageType.Update);
            output.Advance(length);
            prefixes = prefixes[taken..];
            messages++;
        }

        return messages;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see SyncPlan.Create: a large table is encoded once, cold
    private static int WriteIPv6Announcements(IBufferWriter<byte> output, ReadOnlySpan<byte> pre, ReadOnlySpan<byte> post, IPAddress nextHop, ReadOnlySpan<BgpPrefix> prefixes)
    {
        Span<byte> nh = stackalloc byte[16];
        WriteIPv6(nh, nextHop);

        // MP_REACH_NLRI (RFC 4760 §3): AFI (2), SAFI (1), next hop length (1), next hop (16, global), reserved (1), NLRI.
        const int MpFixed = 2 + 1 + 1 + 16 + 1;
        var messages = 0;
        var mpStart = Header + 4 + pre.Length;
        var nlriStart = mpStart + 4 + MpFixed;
        var nlriEnd = MaxLength - post.Length;
        Debug.Assert(nlriStart + 17 <= nlriEnd, "attributes leave room for NLRI");
        while (!prefixes.IsEmpty)
        {
            var message = output.GetSpan(MaxLength);
            BinaryPrimitives.WriteUInt16BigEndian(message[Header..], 0);
            pre.CopyTo(message[(Header + 4)..]);
            var (taken, used) = Pack(prefixes, message[nlriStart..nlriEnd], isIPv6: true);
            var mpLength = MpFixed + used;
            var mp = message[mpStart..];
            mp[0] = PathAttributeType.FlagOptional | PathAttributeType.FlagExtendedLength;
            mp[1] = PathAttributeType.MpReachNlri;
            BinaryPrimitives.WriteUInt16BigEndian(mp[2..], (ushort)mpLength);
            BinaryPrimitives.WriteUInt16BigEndian(mp[4..], BgpFamily.AfiIPv6);
            mp[6] = BgpFamily.SafiUnicast;
            mp[7] = 16;
            nh.CopyTo(mp[8..]);
            mp[24] = 0;
            post.CopyTo(message[(nlriStart + used)..]);
            var attributeLength = pre.Length + 4 + mpLength + post.Length;
            BinaryPrimitives.WriteUInt16BigEndian(message[(Header + 2)..], (ushort)attributeLength);
            var length = Header + 4 + attributeLength;
            BgpMessageReader.WriteHeader(message, length, BgpMessageType.Update);
            output.Advance(length);
            prefixes = prefixes[taken..];
            messages++;
        }

        return messages;
    }

    /// <summary>Packs leading prefixes of one family into the space; returns how many were taken and the octets used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see SyncPlan.Create: a large table is encoded once, cold
    private static (int Taken, int Used) Pack(ReadOnlySpan<BgpPrefix> prefixes, Span<byte> space, bool isIPv6)
    {
        var used = 0;
        var taken = 0;
        foreach (ref readonly var prefix in prefixes)
        {
            if (prefix.IsIPv6 != isIPv6 || used + prefix.EncodedLength > space.Length)
            {
                break;
            }

            used += prefix.WriteNlri(space[used..]);
            taken++;
        }

        if (taken == 0)
        {
            throw new ArgumentException("prefixes of one UPDATE must share a family", nameof(prefixes));
        }

        return (taken, used);
    }

    private static int WriteAttributeHeader(Span<byte> destination, byte flags, byte type, int length)
    {
        if (length > byte.MaxValue)
        {
            destination[0] = (byte)(flags | PathAttributeType.FlagExtendedLength);
            destination[1] = type;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
            return 4;
        }

        destination[0] = flags;
        destination[1] = type;
        destination[2] = (byte)length;
        return 3;
    }

    private static void WriteIPv4(Span<byte> destination, IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(destination, out _))
        {
            throw new ArgumentException($"IPv4 NEXT_HOP needs an IPv4 address, got {address}", nameof(address));
        }
    }

    private static void WriteIPv6(Span<byte> destination, IPAddress address)
    {
        // An IPv4 session carrying IPv6 routes uses the IPv4-mapped form of its own address (RFC 4291 §2.5.5.2).
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }

        address.TryWriteBytes(destination, out _);
    }
}
