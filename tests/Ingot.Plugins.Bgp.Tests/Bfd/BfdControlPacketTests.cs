namespace Ingot.Plugins.Bgp.Bfd.Tests;

public class BfdControlPacketTests
{
    // RFC 5880 §4.1 by hand: Vers 1 + Diag 3 = 001 00011 = 0x23; Sta Up (11) + P = 11 1 0 0 0 0 0 = 0xE0; Detect Mult 3;
    // Length 24 (0x18); My Discriminator 0x01020304; Your Discriminator 0xA0B0C0D0; Desired Min TX 300 000 µs (0x000493E0);
    // Required Min RX 1 000 000 µs (0x000F4240); Required Min Echo RX 0.
    private const string UpWithPoll = "23E00318 01020304 A0B0C0D0 000493E0 000F4240 00000000";

    // Vers 1 + Diag 8 = 0x28; Sta Init (10) + F + C + D = 10 0 1 1 0 1 0 = 0x9A; Detect Mult 255; Length 24; My
    // Discriminator 0xFFFFFFFF; Your Discriminator 0; intervals 1 µs, 0, 50 000 µs (0x0000C350).
    private const string InitWithFinal = "289AFF18 FFFFFFFF 00000001 00000001 00000000 0000C350";

    private static readonly BfdControlPacket s_upWithPoll = new()
    {
        Diagnostic = BfdDiagnostic.NeighborSignaledSessionDown,
        State = BfdState.Up,
        Poll = true,
        DetectMultiplier = 3,
        MyDiscriminator = 0x01020304,
        YourDiscriminator = 0xA0B0C0D0,
        DesiredMinTxInterval = 300_000,
        RequiredMinRxInterval = 1_000_000,
    };

    private static readonly BfdControlPacket s_initWithFinal = new()
    {
        Diagnostic = BfdDiagnostic.ReverseConcatenatedPathDown,
        State = BfdState.Init,
        Final = true,
        ControlPlaneIndependent = true,
        Demand = true,
        DetectMultiplier = 255,
        MyDiscriminator = 0xFFFFFFFF,
        YourDiscriminator = 1,
        DesiredMinTxInterval = 1,
        RequiredMinRxInterval = 0,
        RequiredMinEchoRxInterval = 50_000,
    };

    public static TheoryData<string> Golden() => [UpWithPoll, InitWithFinal];

    [Fact]
    public void Write_HandBuiltPackets_MatchRfcLayoutInADirtyBuffer()
    {
        foreach (var (packet, hex) in new[] { (s_upWithPoll, UpWithPoll), (s_initWithFinal, InitWithFinal) })
        {
            var buffer = new byte[32];
            Array.Fill(buffer, (byte)0xFF);

            var written = packet.Write(buffer);

            Assert.Equal(24, written);
            Assert.Equal(Hex(hex), Convert.ToHexString(buffer, 0, 24));
            Assert.All(buffer[24..], b => Assert.Equal(0xFF, b));
        }
    }

    [Fact]
    public void TryParse_GoldenBytes_GivesTheHandBuiltPackets()
    {
        Assert.True(BfdControlPacket.TryParse(Bytes(UpWithPoll), out var up, out _));
        Assert.Equal(s_upWithPoll, up);
        Assert.True(BfdControlPacket.TryParse(Bytes(InitWithFinal), out var init, out _));
        Assert.Equal(s_initWithFinal, init);
    }

    [Fact]
    public void WriteThenTryParse_RandomValidPackets_RoundTrip()
    {
        var random = new Random(5880);
        var buffer = new byte[24];
        for (var i = 0; i < 5_000; i++)
        {
            var state = (BfdState)random.Next(4);
            var packet = new BfdControlPacket
            {
                Diagnostic = (BfdDiagnostic)random.Next(32),
                State = state,
                Poll = random.Next(2) == 1,
                Final = random.Next(2) == 1,
                ControlPlaneIndependent = random.Next(2) == 1,
                Demand = random.Next(2) == 1,
                DetectMultiplier = (byte)random.Next(1, 256),
                MyDiscriminator = (uint)random.NextInt64(1, 1L << 32),
                YourDiscriminator = state is BfdState.Up or BfdState.Init || random.Next(2) == 1 ? (uint)random.NextInt64(1, 1L << 32) : 0,
                DesiredMinTxInterval = (uint)random.NextInt64(1L << 32),
                RequiredMinRxInterval = (uint)random.NextInt64(1L << 32),
                RequiredMinEchoRxInterval = (uint)random.NextInt64(1L << 32),
            };

            packet.Write(buffer);

            Assert.True(BfdControlPacket.TryParse(buffer, out var parsed, out var reason), reason);
            Assert.Equal(packet, parsed);
        }
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void TryParse_EveryTruncation_Discards(string hex)
    {
        var bytes = Bytes(hex);
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.False(BfdControlPacket.TryParse(bytes.AsSpan(0, i), out var packet, out var reason));
            Assert.Equal(default, packet);
            Assert.Contains("shorter", reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0, 0x03, 0x23, "version 0")]                    // Vers 0
    [InlineData(0, 0x43, 0x23, "version 2")]                    // Vers 2
    [InlineData(0, 0xE3, 0x23, "version 7")]                    // Vers 7
    [InlineData(3, 0x17, 0x18, "below 24")]                     // Length 23
    [InlineData(3, 0x00, 0x18, "below 24")]                     // Length 0
    [InlineData(3, 0x19, 0x18, "exceeds")]                      // Length 25 in a 24-byte datagram
    [InlineData(3, 0xFF, 0x18, "exceeds")]                      // Length 255
    [InlineData(1, 0xE4, 0xE0, "authentication")]               // A bit, we run no authentication
    [InlineData(2, 0x00, 0x03, "detect multiplier 0")]          // Detect Mult 0
    [InlineData(1, 0xE1, 0xE0, "multipoint")]                   // M bit
    public void TryParse_EachStatelessDiscardRule_Discards(int offset, byte value, byte original, string expected)
    {
        var bytes = Bytes(UpWithPoll);
        Assert.Equal(original, bytes[offset]);
        bytes[offset] = value;

        Assert.False(BfdControlPacket.TryParse(bytes, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MyDiscriminatorZero_Discards()
    {
        var bytes = Bytes(UpWithPoll);
        bytes.AsSpan(4, 4).Clear();

        Assert.False(BfdControlPacket.TryParse(bytes, out _, out var reason));
        Assert.Equal("my discriminator 0", reason);
    }

    [Theory]
    [InlineData((byte)BfdState.Up, false)]
    [InlineData((byte)BfdState.Init, false)]
    [InlineData((byte)BfdState.Down, true)]
    [InlineData((byte)BfdState.AdminDown, true)]
    public void TryParse_YourDiscriminatorZero_AcceptedOnlyInDownOrAdminDown(byte sta, bool accepted)
    {
        var state = (BfdState)sta;
        var bytes = Bytes(UpWithPoll);
        bytes[1] = (byte)((byte)state << 6);
        bytes.AsSpan(8, 4).Clear();

        Assert.Equal(accepted, BfdControlPacket.TryParse(bytes, out var packet, out var reason));
        Assert.Equal(accepted ? string.Empty : $"your discriminator 0 in state {state}", reason);
        if (accepted)
        {
            Assert.Equal(state, packet.State);
        }
    }

    [Fact]
    public void TryParse_DatagramLongerThanLengthField_ReadsTheMandatorySection()
    {
        var bytes = Bytes(UpWithPoll + "DEADBEEF");

        Assert.True(BfdControlPacket.TryParse(bytes, out var packet, out _));
        Assert.Equal(s_upWithPoll, packet);
    }

    [Fact]
    public void TryParse_RandomAndMutatedDatagrams_NeverThrowAndAcceptedOnesRewriteIdentically()
    {
        var random = new Random(5881);
        var seeds = new[] { Bytes(UpWithPoll), Bytes(InitWithFinal) };
        var buffer = new byte[24];
        var accepted = 0;
        var discarded = 0;
        for (var i = 0; i < 50_000; i++)
        {
            byte[] datagram;
            if (i % 2 == 0)
            {
                datagram = new byte[random.Next(0, 64)];
                random.NextBytes(datagram);
            }
            else
            {
                datagram = (byte[])seeds[random.Next(seeds.Length)].Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    datagram[random.Next(datagram.Length)] ^= (byte)(1 << random.Next(8));
                }
            }

            if (BfdControlPacket.TryParse(datagram, out var packet, out var reason))
            {
                accepted++;
                Assert.Empty(reason);
                packet.Write(buffer);

                // Everything but the Length field (always 24 when we write) comes back bit for bit.
                Assert.Equal(datagram.AsSpan(0, 3).ToArray(), buffer[..3]);
                Assert.Equal(datagram.AsSpan(4, 20).ToArray(), buffer[4..]);
            }
            else
            {
                discarded++;
                Assert.NotEmpty(reason);
                Assert.Equal(default, packet);
            }
        }

        Assert.True(accepted > 1_000 && discarded > 1_000, $"{accepted} accepted, {discarded} discarded");
    }

    private static string Hex(string spaced) => spaced.Replace(" ", string.Empty, StringComparison.Ordinal);

    private static byte[] Bytes(string spaced) => Convert.FromHexString(Hex(spaced));
}
