using System.Buffers.Binary;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Writes and parses OPEN messages.</summary>
/// <remarks>
/// RFC 4271 §4.2:
/// <code>
///  | Version (1) | My Autonomous System (2) | Hold Time (2) | BGP Identifier (4) | Opt Parm Len (1) | Optional Parameters |
/// </code>
/// All capabilities go in one Capabilities optional parameter (type 2, RFC 5492 §4), as MetalLB and GoBGP send them.
/// </remarks>
internal static class BgpOpenCodec
{
    private const byte CapabilitiesParameter = 2;
    private const int FixedLength = 10;

    public static int Write(Span<byte> destination, BgpOpenMessage open)
    {
        var body = destination[BgpMessageReader.HeaderLength..];
        body[0] = open.Version;
        BinaryPrimitives.WriteUInt16BigEndian(body[1..], open.MyAs);
        BinaryPrimitives.WriteUInt16BigEndian(body[3..], open.HoldTimeSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(body[5..], open.BgpIdentifier);

        var caps = body[(FixedLength + 2)..];
        var n = 0;
        var c = open.Capabilities;
        foreach (var family in c.Families)
        {
            caps[n++] = BgpCapabilities.Multiprotocol;
            caps[n++] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(caps[n..], family.Afi);
            caps[n + 2] = 0;
            caps[n + 3] = family.Safi;
            n += 4;
        }

        if (c.RouteRefresh)
        {
            caps[n++] = BgpCapabilities.RouteRefreshCode;
            caps[n++] = 0;
        }

        if (c.FourOctetAs is { } asn)
        {
            caps[n++] = BgpCapabilities.FourOctetAsCode;
            caps[n++] = 4;
            BinaryPrimitives.WriteUInt32BigEndian(caps[n..], asn);
            n += 4;
        }

        if (c.GracefulRestart is { } gr)
        {
            caps[n++] = BgpCapabilities.GracefulRestartCode;
            caps[n++] = checked((byte)(2 + (4 * gr.Families.Count)));
            var flagsAndTime = (ushort)((gr.RestartState ? 0x8000 : 0) | (gr.RestartTimeSeconds & 0x0FFF));
            BinaryPrimitives.WriteUInt16BigEndian(caps[n..], flagsAndTime);
            n += 2;
            foreach (var (family, preserved) in gr.Families)
            {
                BinaryPrimitives.WriteUInt16BigEndian(caps[n..], family.Afi);
                caps[n + 2] = family.Safi;
                caps[n + 3] = preserved ? (byte)0x80 : (byte)0;
                n += 4;
            }
        }

        var optLength = 0;
        if (n > 0)
        {
            body[FixedLength] = CapabilitiesParameter;
            body[FixedLength + 1] = checked((byte)n);
            optLength = n + 2;
        }

        body[FixedLength - 1] = checked((byte)optLength);
        var total = BgpMessageReader.HeaderLength + FixedLength + optLength;
        BgpMessageReader.WriteHeader(destination, total, BgpMessageType.Open);
        return total;
    }

    /// <summary>Parses and validates an OPEN body (RFC 4271 §6.2). Throws <see cref="BgpProtocolException"/>.</summary>
    public static BgpOpenMessage Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length < FixedLength)
        {
            throw BgpProtocolException.Open(OpenErrorSubcode.Unspecific, default, "OPEN shorter than its fixed fields");
        }

        // RFC 4271 §6.2: only version 4; the data names the largest version we support.
        if (body[0] != 4)
        {
            throw BgpProtocolException.Open(OpenErrorSubcode.UnsupportedVersionNumber, [0, 4], $"unsupported BGP version {body[0]}");
        }

        var myAs = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        var hold = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);

        // RFC 4271 §6.2: Hold Time 1 or 2 seconds MUST be rejected.
        if (hold is 1 or 2)
        {
            throw BgpProtocolException.Open(OpenErrorSubcode.UnacceptableHoldTime, default, $"hold time {hold} s is not 0 or at least 3 s");
        }

        var id = BinaryPrimitives.ReadUInt32BigEndian(body[5..]);

        // RFC 6286 §2.1: the BGP Identifier is a non-zero 4-octet number.
        if (id == 0)
        {
            throw BgpProtocolException.Open(OpenErrorSubcode.BadBgpIdentifier, default, "BGP identifier is 0");
        }

        int optLength = body[9];
        if (FixedLength + optLength != body.Length)
        {
            throw BgpProtocolException.Open(OpenErrorSubcode.Unspecific, default, $"optional parameters length {optLength} does not match the message");
        }

        var families = new List<BgpFamily>();
        uint? fourOctet = null;
        var routeRefresh = false;
        GracefulRestartCapability? gracefulRestart = null;

        var parameters = body[FixedLength..];
        while (!parameters.IsEmpty)
        {
            if (parameters.Length < 2 || parameters.Length < 2 + parameters[1])
            {
                throw BgpProtocolException.Open(OpenErrorSubcode.Unspecific, default, "optional parameter overruns the OPEN");
            }

            var paramType = parameters[0];
            var value = parameters.Slice(2, parameters[1]);
            parameters = parameters[(2 + parameters[1])..];

            // RFC 4271 §6.2 / RFC 5492 §4: we only understand the Capabilities parameter.
            if (paramType != CapabilitiesParameter)
            {
                throw BgpProtocolException.Open(OpenErrorSubcode.UnsupportedOptionalParameter, default, $"unsupported optional parameter type {paramType}");
            }

            while (!value.IsEmpty)
            {
                if (value.Length < 2 || value.Length < 2 + value[1])
                {
                    throw BgpProtocolException.Open(OpenErrorSubcode.Unspecific, default, "capability overruns its parameter");
                }

                var code = value[0];
                var cap = value.Slice(2, value[1]);
                value = value[(2 + value[1])..];
                switch (code)
                {
                    case BgpCapabilities.Multiprotocol:
                        // RFC 4760 §8: AFI (2), reserved (1), SAFI (1).
                        if (cap.Length != 4)
                        {
                            throw BgpProtocolException.Open(OpenErrorSubcode.Unspecific, default, "multiprotocol capability length is not 4");
                        }

                        families.Add(new BgpFamily(BinaryPrimitives.ReadUInt16BigEndian(cap), cap[3]));
                        break;
                    case BgpCapabilities.RouteRefreshCode:
                        routeRefresh = true;
                        break;
                    case BgpCapabilities.FourOctetAsCode:
                        // RFC 6793 §3: exactly 4 octets.
                        if (cap.Length != 4)
                        {
                            throw BgpProtocolException.Open(OpenErrorSubcode.Unspecific, default, "4-octet AS capability length is not 4");
                        }

                        fourOctet = BinaryPrimitives.ReadUInt32BigEndian(cap);
                        break;
                    case BgpCapabilities.GracefulRestartCode:
                        // RFC 4724 §3: 2 octets of flags/time, then 4 octets per family.
                        if (cap.Length < 2 || (cap.Length - 2) % 4 != 0)
                        {
                            throw BgpProtocolException.Open(OpenErrorSubcode.Unspecific, default, "graceful restart capability has a bad length");
                        }

                        var ft = BinaryPrimitives.ReadUInt16BigEndian(cap);
                        var grFamilies = new List<(BgpFamily, bool)>();
                        for (var i = 2; i < cap.Length; i += 4)
                        {
                            grFamilies.Add((new BgpFamily(BinaryPrimitives.ReadUInt16BigEndian(cap[i..]), cap[i + 2]), (cap[i + 3] & 0x80) != 0));
                        }

                        gracefulRestart = new GracefulRestartCapability((ft & 0x8000) != 0, (ushort)(ft & 0x0FFF), grFamilies);
                        break;
                    default:
                        // RFC 5492 §3: unknown capabilities are ignored.
                        break;
                }
            }
        }

        return new BgpOpenMessage
        {
            Version = 4,
            MyAs = myAs,
            HoldTimeSeconds = hold,
            BgpIdentifier = id,
            Capabilities = new BgpCapabilities
            {
                Families = families,
                FourOctetAs = fourOctet,
                RouteRefresh = routeRefresh,
                GracefulRestart = gracefulRestart,
            },
        };
    }
}
