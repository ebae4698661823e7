using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using System.Text.Unicode;

namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>
/// The membership datagram (docs/failover.md, "Wire format"), big-endian:
/// <code>
/// 'I' 'M' version=1 type | flags (1 quorum, 2 link down) | name length, name | incarnation u64 | sequence u64 | version u32 | settledFor u32 |
/// heard count u8, { name length, name, incarnation u64, quorum bit + age u15 }* | rumour count u8, { kind, name length, name,
/// incarnation u64, version u32, settledFor u32 }* | HMAC-SHA256 truncated to 16 bytes over everything before it
/// </code>
/// Decoding never throws: anything unexpected is <see cref="DecodeStatus.Malformed"/> or <see cref="DecodeStatus.Authentication"/>.
/// </summary>
internal static class MembershipCodec
{
    public const byte Version = 1;
    public const int MacLength = 16;

    /// <summary>Fits any IPv6 path (1280 minus headers) without fragmentation; entries that do not fit are left out, rumours
    /// first, so callers put what matters most (the destination's own heard entry) first.</summary>
    public const int MaxDatagram = 1232;

    private const byte Magic0 = (byte)'I';
    private const byte Magic1 = (byte)'M';
    private const byte FlagHasQuorum = 1;
    private const byte FlagLinkDown = 2;
    private const byte KnownFlags = FlagHasQuorum | FlagLinkDown;
    private const int FixedLength = 4 + 1 + 1 + 8 + 8 + 4 + 4 + 1 + 1;
    private const int HeardFixed = 1 + 8 + 2;
    private const int RumourFixed = 1 + 1 + 8 + 4 + 4;

    /// <summary>The smallest valid datagram: a one-byte name, nothing heard, no rumours.</summary>
    public const int MinimumLength = FixedLength + 1 + MacLength;

    /// <summary>Writes <paramref name="message"/> signed into <paramref name="destination"/> (at least <see cref="MaxDatagram"/>
    /// bytes) and returns its length.</summary>
    public static int Encode(MembershipMessage message, MembershipKey key, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        var limit = Math.Min(destination.Length, MaxDatagram) - MacLength;
        var name = Encoding.UTF8.GetByteCount(message.Sender);
        if (name is 0 or > 255 || FixedLength + name > limit)
        {
            throw new ArgumentException($"membership: node name '{message.Sender}' is empty or longer than 255 bytes", nameof(message));
        }

        destination[0] = Magic0;
        destination[1] = Magic1;
        destination[2] = Version;
        destination[3] = (byte)message.Type;
        destination[4] = (byte)((message.HasQuorum ? FlagHasQuorum : 0) | (message.LinkDown ? FlagLinkDown : 0));
        var at = 5;
        at += WriteName(message.Sender, destination[at..]);
        BinaryPrimitives.WriteUInt64BigEndian(destination[at..], message.Incarnation);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(at + 8)..], message.Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 16)..], message.Version);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 20)..], message.SettledForMs);
        at += 24;

        // The rumour count byte must still fit after the heard entries.
        var heardCountAt = at++;
        var heard = 0;
        foreach (var h in message.Heard)
        {
            var n = Encoding.UTF8.GetByteCount(h.Node);
            if (heard == 255 || n is 0 or > 255 || at + HeardFixed + n + 1 > limit)
            {
                continue;
            }

            at += WriteName(h.Node, destination[at..]);
            BinaryPrimitives.WriteUInt64BigEndian(destination[at..], h.Incarnation);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 8)..], (ushort)(Math.Min(h.AgeMs, HeardEntry.MaxAgeMs) | (h.HasQuorum ? 0x8000 : 0)));
            at += 10;
            heard++;
        }

        destination[heardCountAt] = (byte)heard;
        var rumourCountAt = at++;
        var rumours = 0;
        foreach (var r in message.Rumours)
        {
            var n = Encoding.UTF8.GetByteCount(r.Node);
            if (rumours == 255 || n is 0 or > 255 || at + RumourFixed + n > limit)
            {
                continue;
            }

            destination[at++] = (byte)r.Kind;
            at += WriteName(r.Node, destination[at..]);
            BinaryPrimitives.WriteUInt64BigEndian(destination[at..], r.Incarnation);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 8)..], r.Version);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 12)..], r.SettledForMs);
            at += 16;
            rumours++;
        }

        destination[rumourCountAt] = (byte)rumours;
        key.Sign(destination[..at], destination.Slice(at, MacLength));
        return at + MacLength;
    }

    /// <summary>Checks and decodes one datagram; <paramref name="message"/> is set only when the result is <see cref="DecodeStatus.Ok"/>.</summary>
    public static DecodeStatus TryDecode(ReadOnlySpan<byte> datagram, MembershipKey key, out MembershipMessage? message)
    {
        ArgumentNullException.ThrowIfNull(key);
        message = null;
        if (datagram.Length < MinimumLength || datagram.Length > MaxDatagram
            || datagram[0] != Magic0 || datagram[1] != Magic1 || datagram[2] != Version)
        {
            return DecodeStatus.Malformed;
        }

        var body = datagram[..^MacLength];
        if (!key.Verify(body, datagram[^MacLength..]))
        {
            return DecodeStatus.Authentication;
        }

        var type = (MessageType)body[3];
        if (type is not (MessageType.Heartbeat or MessageType.Leaving) || (body[4] & ~KnownFlags) != 0)
        {
            return DecodeStatus.Malformed;
        }

        var at = 5;
        if (!TryReadName(body, ref at, out var sender) || body.Length - at < 25)
        {
            return DecodeStatus.Malformed;
        }

        var incarnation = BinaryPrimitives.ReadUInt64BigEndian(body[at..]);
        var sequence = BinaryPrimitives.ReadUInt64BigEndian(body[(at + 8)..]);
        var version = BinaryPrimitives.ReadUInt32BigEndian(body[(at + 16)..]);
        var settled = BinaryPrimitives.ReadUInt32BigEndian(body[(at + 20)..]);
        at += 24;
        int heardCount = body[at++];
        var heard = ImmutableArray.CreateBuilder<HeardEntry>(heardCount);
        for (var i = 0; i < heardCount; i++)
        {
            if (!TryReadName(body, ref at, out var node) || body.Length - at < 10)
            {
                return DecodeStatus.Malformed;
            }

            var ageAndQuorum = BinaryPrimitives.ReadUInt16BigEndian(body[(at + 8)..]);
            heard.Add(new HeardEntry(node, BinaryPrimitives.ReadUInt64BigEndian(body[at..]), (ushort)(ageAndQuorum & HeardEntry.MaxAgeMs), (ageAndQuorum & 0x8000) != 0));
            at += 10;
        }

        if (at >= body.Length)
        {
            return DecodeStatus.Malformed;
        }

        int rumourCount = body[at++];
        var rumours = ImmutableArray.CreateBuilder<Rumour>(rumourCount);
        for (var i = 0; i < rumourCount; i++)
        {
            if (at >= body.Length)
            {
                return DecodeStatus.Malformed;
            }

            var kind = (RumourKind)body[at++];
            if (kind is not (RumourKind.Alive or RumourKind.Dead or RumourKind.Left)
                || !TryReadName(body, ref at, out var node) || body.Length - at < 16)
            {
                return DecodeStatus.Malformed;
            }

            rumours.Add(new Rumour(
                kind,
                node,
                BinaryPrimitives.ReadUInt64BigEndian(body[at..]),
                BinaryPrimitives.ReadUInt32BigEndian(body[(at + 8)..]),
                BinaryPrimitives.ReadUInt32BigEndian(body[(at + 12)..])));
            at += 16;
        }

        if (at != body.Length)
        {
            return DecodeStatus.Malformed;
        }

        message = new MembershipMessage(type, sender, incarnation, sequence, version, (body[4] & FlagHasQuorum) != 0, settled, heard.MoveToImmutable(), rumours.MoveToImmutable(), (body[4] & FlagLinkDown) != 0);
        return DecodeStatus.Ok;
    }

    private static int WriteName(string name, Span<byte> destination)
    {
        var n = Encoding.UTF8.GetBytes(name, destination[1..]);
        destination[0] = (byte)n;
        return n + 1;
    }

    private static bool TryReadName(ReadOnlySpan<byte> body, ref int at, out string name)
    {
        name = string.Empty;
        if (at >= body.Length)
        {
            return false;
        }

        int n = body[at];
        if (n == 0 || body.Length - at - 1 < n || !Utf8.IsValid(body.Slice(at + 1, n)))
        {
            return false;
        }

        name = Encoding.UTF8.GetString(body.Slice(at + 1, n));
        at += 1 + n;
        return true;
    }
}
