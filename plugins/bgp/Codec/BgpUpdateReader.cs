using System.Buffers.Binary;
using System.Net;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>Parses and validates UPDATE messages from peers.</summary>
/// <remarks>
/// Errors that leave the message's structure unknown reset the session (throw <see cref="BgpProtocolException"/>); errors
/// inside a well-formed attribute are handled by RFC 7606 (treat-as-withdraw or attribute discard), recorded on the result.
/// </remarks>
internal static class BgpUpdateReader
{
    public static BgpUpdate Parse(ReadOnlySpan<byte> body, bool fourOctetAs, bool isInternal)
    {
        var update = new BgpUpdate();

        // RFC 4271 §6.3: lengths that overrun the message are a Malformed Attribute List.
        if (body.Length < 4)
        {
            throw BgpProtocolException.Update(UpdateErrorSubcode.MalformedAttributeList, default, "UPDATE shorter than its length fields");
        }

        int withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (2 + withdrawnLength + 2 > body.Length)
        {
            throw BgpProtocolException.Update(UpdateErrorSubcode.MalformedAttributeList, default, $"withdrawn routes length {withdrawnLength} overruns the UPDATE");
        }

        var withdrawn = body.Slice(2, withdrawnLength);
        int attributesLength = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawnLength)..]);
        var attributesStart = 4 + withdrawnLength;
        if (attributesStart + attributesLength > body.Length)
        {
            throw BgpProtocolException.Update(UpdateErrorSubcode.MalformedAttributeList, default, $"total path attribute length {attributesLength} overruns the UPDATE");
        }

        // RFC 7606 §5.3: withdrawn routes and NLRI that cannot be parsed reset the session.
        ReadPrefixes(withdrawn, isIPv6: false, update.Withdrawn, UpdateErrorSubcode.MalformedAttributeList, "withdrawn routes");
        ReadPrefixes(body[(attributesStart + attributesLength)..], isIPv6: false, update.Nlri, UpdateErrorSubcode.InvalidNetworkField, "NLRI");
        ReadAttributes(body.Slice(attributesStart, attributesLength), fourOctetAs, isInternal, update);

        if (attributesLength == 0 && withdrawnLength == 0 && update.Nlri.Count == 0)
        {
            update.EndOfRib = BgpFamily.IPv4Unicast;
        }

        // RFC 7606 §3(d): a missing well-known mandatory attribute with reachable NLRI means treat-as-withdraw.
        if (update.Nlri.Count > 0 || update.MpReachNlri.Count > 0)
        {
            string? missing = update.Origin is null ? "ORIGIN"
                : update.AsPath is null ? "AS_PATH"
                : update.Nlri.Count > 0 && update.NextHop is null ? "NEXT_HOP"
                : isInternal && update.LocalPref is null ? "LOCAL_PREF"
                : null;
            if (missing is not null)
            {
                update.TreatAsWithdrawReason ??= $"missing well-known attribute {missing}";
            }
        }

        return update;
    }

    private static void ReadAttributes(ReadOnlySpan<byte> attributes, bool fourOctetAs, bool isInternal, BgpUpdate update)
    {
        Span<bool> seen = stackalloc bool[256];
        var onlyMpUnreach = true;
        var count = 0;
        while (!attributes.IsEmpty)
        {
            // RFC 7606 §4: an attribute whose header or length runs past the list leaves its boundaries unknown.
            if (attributes.Length < 3)
            {
                throw BgpProtocolException.Update(UpdateErrorSubcode.MalformedAttributeList, default, "truncated path attribute header");
            }

            var flags = attributes[0];
            var type = attributes[1];
            var extended = (flags & PathAttributeType.FlagExtendedLength) != 0;
            var headerLength = extended ? 4 : 3;
            if (attributes.Length < headerLength)
            {
                throw BgpProtocolException.Update(UpdateErrorSubcode.MalformedAttributeList, default, "truncated path attribute header");
            }

            int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]) : attributes[2];
            if (headerLength + length > attributes.Length)
            {
                throw BgpProtocolException.Update(UpdateErrorSubcode.AttributeLengthError, attributes[..headerLength], $"path attribute {type} length {length} overruns the attribute list");
            }

            var whole = attributes[..(headerLength + length)];
            var value = attributes.Slice(headerLength, length);
            attributes = attributes[(headerLength + length)..];
            count++;

            // RFC 7606 §3(g): a repeated MP_REACH/MP_UNREACH resets the session; other repeats keep the first.
            if (seen[type])
            {
                if (type is PathAttributeType.MpReachNlri or PathAttributeType.MpUnreachNlri)
                {
                    throw BgpProtocolException.Update(UpdateErrorSubcode.MalformedAttributeList, default, $"repeated path attribute {type}");
                }

                update.DiscardedAttributes.Add(type);
                continue;
            }

            seen[type] = true;
            onlyMpUnreach &= type == PathAttributeType.MpUnreachNlri;
            ReadAttribute(flags, type, value, whole, fourOctetAs, isInternal, update);
        }

        // RFC 4724 §2: an UPDATE with nothing but an empty MP_UNREACH_NLRI ends the initial table of that family.
        if (count == 1 && onlyMpUnreach && update.MpUnreachNlri.Count == 0 && update.MpUnreachFamily is { } family)
        {
            update.EndOfRib = family;
        }
    }

    private static void ReadAttribute(byte flags, byte type, ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole, bool fourOctetAs, bool isInternal, BgpUpdate update)
    {
        var optional = (flags & PathAttributeType.FlagOptional) != 0;
        var transitive = (flags & PathAttributeType.FlagTransitive) != 0;

        // RFC 4271 §6.3 flag checks; RFC 7606 §3(c) handles a flags error by the attribute's own rule.
        bool WellKnownFlags() => !optional && transitive;
        bool OptionalFlags(bool mustBeTransitive) => optional && transitive == mustBeTransitive;

        switch (type)
        {
            case PathAttributeType.Origin:
                // RFC 7606 §7.1: bad length or value ⇒ treat-as-withdraw.
                if (!WellKnownFlags() || value.Length != 1 || value[0] > 2)
                {
                    TreatAsWithdraw(update, "malformed ORIGIN");
                    return;
                }

                update.Origin = value[0];
                return;
            case PathAttributeType.AsPath:
                // RFC 7606 §7.2: a malformed AS_PATH ⇒ treat-as-withdraw.
                var path = WellKnownFlags() ? ReadAsPath(value, fourOctetAs ? 4 : 2) : null;
                if (path is null)
                {
                    TreatAsWithdraw(update, "malformed AS_PATH");
                    return;
                }

                update.AsPath = path;
                return;
            case PathAttributeType.NextHop:
                // RFC 7606 §7.3: bad length ⇒ treat-as-withdraw.
                if (!WellKnownFlags() || value.Length != 4)
                {
                    TreatAsWithdraw(update, "malformed NEXT_HOP");
                    return;
                }

                update.NextHop = new IPAddress(value);
                return;
            case PathAttributeType.MultiExitDisc:
                // RFC 7606 §7.4.
                if (!OptionalFlags(false) || value.Length != 4)
                {
                    TreatAsWithdraw(update, "malformed MULTI_EXIT_DISC");
                    return;
                }

                update.MultiExitDisc = BinaryPrimitives.ReadUInt32BigEndian(value);
                return;
            case PathAttributeType.LocalPref:
                // RFC 7606 §7.5: from an eBGP peer it is discarded; from iBGP a bad length ⇒ treat-as-withdraw.
                if (!isInternal)
                {
                    update.DiscardedAttributes.Add(type);
                    return;
                }

                if (!WellKnownFlags() || value.Length != 4)
                {
                    TreatAsWithdraw(update, "malformed LOCAL_PREF");
                    return;
                }

                update.LocalPref = BinaryPrimitives.ReadUInt32BigEndian(value);
                return;
            case PathAttributeType.AtomicAggregate:
                // RFC 7606 §7.6: attribute discard.
                if (!WellKnownFlags() || value.Length != 0)
                {
                    update.DiscardedAttributes.Add(type);
                }

                return;
            case PathAttributeType.Aggregator:
            case PathAttributeType.As4Aggregator:
                // RFC 7606 §7.7: attribute discard.
                var aggregatorLength = type == PathAttributeType.As4Aggregator || fourOctetAs ? 8 : 6;
                if (!OptionalFlags(true) || value.Length != aggregatorLength)
                {
                    update.DiscardedAttributes.Add(type);
                }

                return;
            case PathAttributeType.Communities:
                // RFC 7606 §7.8: length zero or not a multiple of 4 ⇒ treat-as-withdraw.
                if (!OptionalFlags(true) || value.Length == 0 || value.Length % 4 != 0)
                {
                    TreatAsWithdraw(update, "malformed COMMUNITIES");
                    return;
                }

                for (var i = 0; i < value.Length; i += 4)
                {
                    update.Communities.Add(BinaryPrimitives.ReadUInt32BigEndian(value[i..]));
                }

                return;
            case PathAttributeType.LargeCommunity:
                // RFC 8092 §6: length zero or not a multiple of 12 ⇒ treat-as-withdraw.
                if (!OptionalFlags(true) || value.Length == 0 || value.Length % 12 != 0)
                {
                    TreatAsWithdraw(update, "malformed LARGE_COMMUNITY");
                    return;
                }

                for (var i = 0; i < value.Length; i += 12)
                {
                    update.LargeCommunities.Add(new LargeCommunity(
                        BinaryPrimitives.ReadUInt32BigEndian(value[i..]),
                        BinaryPrimitives.ReadUInt32BigEndian(value[(i + 4)..]),
                        BinaryPrimitives.ReadUInt32BigEndian(value[(i + 8)..])));
                }

                return;
            case PathAttributeType.MpReachNlri:
                ReadMpReach(value, whole, update);
                return;
            case PathAttributeType.MpUnreachNlri:
                ReadMpUnreach(value, whole, update);
                return;
            case PathAttributeType.As4Path:
                // RFC 6793 §6: a malformed AS4_PATH is discarded.
                if (ReadAsPath(value, 4) is null)
                {
                    update.DiscardedAttributes.Add(type);
                }

                return;
            default:
                // RFC 4271 §6.3: an unrecognised well-known attribute resets the session; unknown optional ones pass.
                if (!optional)
                {
                    throw BgpProtocolException.Update(UpdateErrorSubcode.UnrecognizedWellKnownAttribute, whole, $"unrecognized well-known attribute {type}");
                }

                return;
        }
    }

    private static void ReadMpReach(ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole, BgpUpdate update)
    {
        // RFC 4760 §3 / RFC 7606 §7.11: an MP_REACH_NLRI that cannot be parsed resets the session.
        if (value.Length < 5 || value.Length < 5 + value[3])
        {
            throw BgpProtocolException.Update(UpdateErrorSubcode.OptionalAttributeError, whole, "malformed MP_REACH_NLRI");
        }

        var family = new BgpFamily(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]);
        int nextHopLength = value[3];
        var nextHop = value.Slice(4, nextHopLength);
        var nlri = value[(5 + nextHopLength)..];
        update.MpReachFamily = family;
        if (family == BgpFamily.IPv6Unicast)
        {
            // RFC 2545 §3: 16 octets global, or 32 with a link-local after it.
            if (nextHopLength is not (16 or 32))
            {
                throw BgpProtocolException.Update(UpdateErrorSubcode.OptionalAttributeError, whole, $"IPv6 next hop length {nextHopLength}");
            }

            update.MpNextHop = new IPAddress(nextHop[..16]);
            ReadPrefixes(nlri, isIPv6: true, update.MpReachNlri, UpdateErrorSubcode.OptionalAttributeError, "MP_REACH_NLRI");
        }
        else if (family == BgpFamily.IPv4Unicast)
        {
            if (nextHopLength != 4)
            {
                throw BgpProtocolException.Update(UpdateErrorSubcode.OptionalAttributeError, whole, $"IPv4 next hop length {nextHopLength}");
            }

            update.MpNextHop = new IPAddress(nextHop);
            ReadPrefixes(nlri, isIPv6: false, update.MpReachNlri, UpdateErrorSubcode.OptionalAttributeError, "MP_REACH_NLRI");
        }

        // Other families were not negotiated by us; their routes are ignored.
    }

    private static void ReadMpUnreach(ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole, BgpUpdate update)
    {
        if (value.Length < 3)
        {
            throw BgpProtocolException.Update(UpdateErrorSubcode.OptionalAttributeError, whole, "malformed MP_UNREACH_NLRI");
        }

        var family = new BgpFamily(BinaryPrimitives.ReadUInt16BigEndian(value), value[2]);
        update.MpUnreachFamily = family;
        if (family == BgpFamily.IPv4Unicast || family == BgpFamily.IPv6Unicast)
        {
            ReadPrefixes(value[3..], family == BgpFamily.IPv6Unicast, update.MpUnreachNlri, UpdateErrorSubcode.OptionalAttributeError, "MP_UNREACH_NLRI");
        }
    }

    private static List<uint>? ReadAsPath(ReadOnlySpan<byte> value, int asSize)
    {
        var path = new List<uint>();
        while (!value.IsEmpty)
        {
            // RFC 7606 §7.2: segment type 1..4, non-zero count, and the segment must fit.
            if (value.Length < 2 || value[0] is < 1 or > 4 || value[1] == 0 || value.Length < 2 + (value[1] * asSize))
            {
                return null;
            }

            int n = value[1];
            for (var i = 0; i < n; i++)
            {
                var at = 2 + (i * asSize);
                path.Add(asSize == 4 ? BinaryPrimitives.ReadUInt32BigEndian(value[at..]) : BinaryPrimitives.ReadUInt16BigEndian(value[at..]));
            }

            value = value[(2 + (n * asSize))..];
        }

        return path;
    }

    private static void ReadPrefixes(ReadOnlySpan<byte> data, bool isIPv6, List<BgpPrefix> into, UpdateErrorSubcode subcode, string field)
    {
        while (!data.IsEmpty)
        {
            if (!BgpPrefix.TryReadNlri(data, isIPv6, out var prefix, out var consumed))
            {
                throw BgpProtocolException.Update(subcode, default, $"malformed prefix in {field}");
            }

            into.Add(prefix);
            data = data[consumed..];
        }
    }

    private static void TreatAsWithdraw(BgpUpdate update, string reason) => update.TreatAsWithdrawReason ??= reason;
}
