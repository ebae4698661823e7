using System.Buffers.Binary;

namespace Ingot.Plugins.Bgp.Bfd;

/// <summary>
/// The mandatory section of a BFD control packet (RFC 5880 §4.1). We run neither authentication nor echo, so the optional
/// authentication section is never written, and a packet that carries one is discarded.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       My Discriminator                        |
/// |                      Your Discriminator                       |
/// |                    Desired Min TX Interval                    |
/// |                   Required Min RX Interval                    |
/// |                 Required Min Echo RX Interval                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Intervals are in microseconds.
/// </summary>
internal readonly record struct BfdControlPacket
{
    /// <summary>The only version defined (RFC 5880 §4.1).</summary>
    public const byte ProtocolVersion = 1;

    /// <summary>Length of the mandatory section; also the whole packet without authentication.</summary>
    public const int MandatoryLength = 24;

    private const byte PollBit = 0x20;
    private const byte FinalBit = 0x10;
    private const byte ControlPlaneIndependentBit = 0x08;
    private const byte AuthenticationPresentBit = 0x04;
    private const byte DemandBit = 0x02;
    private const byte MultipointBit = 0x01;

    public BfdControlPacket()
    {
    }

    public byte Version { get; init; } = ProtocolVersion;

    /// <summary>5 bits on the wire; reserved values (9..31) are carried as they are.</summary>
    public BfdDiagnostic Diagnostic { get; init; }

    public BfdState State { get; init; }

    public bool Poll { get; init; }

    public bool Final { get; init; }

    public bool ControlPlaneIndependent { get; init; }

    public bool AuthenticationPresent { get; init; }

    public bool Demand { get; init; }

    public bool Multipoint { get; init; }

    public byte DetectMultiplier { get; init; }

    /// <summary>The Length field as received; <see cref="Write"/> always writes <see cref="MandatoryLength"/>.</summary>
    public byte Length { get; init; } = MandatoryLength;

    public uint MyDiscriminator { get; init; }

    public uint YourDiscriminator { get; init; }

    public uint DesiredMinTxInterval { get; init; }

    public uint RequiredMinRxInterval { get; init; }

    public uint RequiredMinEchoRxInterval { get; init; }

    /// <summary>Writes the 24-octet packet; returns the number of bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < MandatoryLength)
        {
            throw new ArgumentException($"a BFD control packet needs {MandatoryLength} bytes", nameof(destination));
        }

        destination[0] = (byte)((Version << 5) | ((byte)Diagnostic & 0x1F));
        destination[1] = (byte)((((byte)State & 0x03) << 6)
            | (Poll ? PollBit : 0)
            | (Final ? FinalBit : 0)
            | (ControlPlaneIndependent ? ControlPlaneIndependentBit : 0)
            | (AuthenticationPresent ? AuthenticationPresentBit : 0)
            | (Demand ? DemandBit : 0)
            | (Multipoint ? MultipointBit : 0));
        destination[2] = DetectMultiplier;
        destination[3] = MandatoryLength;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], MyDiscriminator);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], YourDiscriminator);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], DesiredMinTxInterval);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RequiredMinRxInterval);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], RequiredMinEchoRxInterval);
        return MandatoryLength;
    }

    /// <summary>
    /// Reads one datagram's payload and applies every discard rule of RFC 5880 §6.8.6 that needs no session: false with a
    /// reason for the log when the packet must be discarded. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out BfdControlPacket packet, out string reason)
    {
        packet = default;
        if (datagram.Length < MandatoryLength)
        {
            reason = $"datagram of {datagram.Length} bytes is shorter than a control packet";
            return false;
        }

        var version = (byte)(datagram[0] >> 5);
        var flags = datagram[1];
        var length = datagram[3];
        packet = new BfdControlPacket
        {
            Version = version,
            Diagnostic = (BfdDiagnostic)(datagram[0] & 0x1F),
            State = (BfdState)(flags >> 6),
            Poll = (flags & PollBit) != 0,
            Final = (flags & FinalBit) != 0,
            ControlPlaneIndependent = (flags & ControlPlaneIndependentBit) != 0,
            AuthenticationPresent = (flags & AuthenticationPresentBit) != 0,
            Demand = (flags & DemandBit) != 0,
            Multipoint = (flags & MultipointBit) != 0,
            DetectMultiplier = datagram[2],
            Length = length,
            MyDiscriminator = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]),
            YourDiscriminator = BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]),
            DesiredMinTxInterval = BinaryPrimitives.ReadUInt32BigEndian(datagram[12..]),
            RequiredMinRxInterval = BinaryPrimitives.ReadUInt32BigEndian(datagram[16..]),
            RequiredMinEchoRxInterval = BinaryPrimitives.ReadUInt32BigEndian(datagram[20..]),
        };

        reason = Check(packet, datagram.Length) ?? string.Empty;
        if (reason.Length > 0)
        {
            packet = default;
            return false;
        }

        return true;
    }

    // RFC 5880 §6.8.6, in its order, up to the point where the session is selected.
    private static string? Check(in BfdControlPacket p, int datagramLength)
    {
        if (p.Version != ProtocolVersion)
        {
            return $"version {p.Version}";
        }

        // Without the A bit the minimum is 24; with it 26, but A is refused below anyway.
        if (p.Length < MandatoryLength)
        {
            return $"length field {p.Length} is below {MandatoryLength}";
        }

        if (p.Length > datagramLength)
        {
            return $"length field {p.Length} exceeds the {datagramLength}-byte datagram";
        }

        if (p.DetectMultiplier == 0)
        {
            return "detect multiplier 0";
        }

        if (p.Multipoint)
        {
            return "multipoint bit set";
        }

        if (p.MyDiscriminator == 0)
        {
            return "my discriminator 0";
        }

        if (p.YourDiscriminator == 0 && p.State is not (BfdState.Down or BfdState.AdminDown))
        {
            return $"your discriminator 0 in state {p.State}";
        }

        // We run no authentication (bfd.AuthType 0): a packet that carries some is discarded.
        if (p.AuthenticationPresent)
        {
            return "authentication present but not configured";
        }

        return null;
    }
}
