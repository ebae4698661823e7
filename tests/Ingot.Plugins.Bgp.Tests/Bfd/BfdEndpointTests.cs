using System.Net;
using System.Net.Sockets;
using Ingot.Plugins.Bgp.Interop.Tests;
using Ingot.Plugins.Bgp.Tests;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>Two Ingot endpoints against each other across the lab's veth, one per namespace.</summary>
public class BfdEndpointTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Open_IngotOnBothEnds_UpThenPeerDisposalSignalsDown(bool multihop, bool speakerPassive)
    {
        await using var pair = await IngotPairLab.CreateAsync();

        // Our own multihop packets leave with TTL 255, so MetalLB's default minimum TTL (254) holds between two Ingots.
        var ours = pair.OpenSpeaker(multihop, BfdSettings.Default with { Passive = speakerPassive });
        var theirs = pair.OpenRouter(multihop, BfdSettings.Default);

        await ExternalProcess.EventuallyAsync(() => Task.FromResult((ours.State, theirs.State)), s => s == (BfdState.Up, BfdState.Up), "both Up", 20, pair.Log);
        await theirs.DisposeAsync();

        await ExternalProcess.EventuallyAsync(() => Task.FromResult(ours.State), s => s == BfdState.Down, "Down from the peer's AdminDown", 10, pair.Log);
        Assert.Equal(BfdDiagnostic.NeighborSignaledSessionDown, ours.LocalDiagnostic);
        Assert.Equal(1, ours.DownEvents);
        Assert.Contains(pair.Log.Lines, l => l.StartsWith("Information:", StringComparison.Ordinal) && l.Contains("from Up to Down, diagnostic NeighborSignaledSessionDown", StringComparison.Ordinal));
        Assert.DoesNotContain(pair.Log.Lines, l => l.Contains("dropped", StringComparison.Ordinal) && !l.Contains("no session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_BothPassive_NeitherSpeaksFirst()
    {
        await using var pair = await IngotPairLab.CreateAsync();
        var passive = BfdSettings.Default with { Passive = true };
        var ours = pair.OpenSpeaker(multihop: false, passive);
        var theirs = pair.OpenRouter(multihop: false, passive);

        // An active multihop pair between the same addresses shows the wire works meanwhile: it reaches Up, which takes
        // packets both ways, while the passive single-hop pair stays silent.
        var witness = pair.OpenSpeaker(multihop: true, BfdSettings.Default);
        pair.OpenRouter(multihop: true, BfdSettings.Default);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(witness.State), s => s == BfdState.Up, "the active multihop pair Up", 20, pair.Log);

        Assert.Equal((0L, 0L), (ours.ControlPacketsSent, theirs.ControlPacketsSent));
        Assert.Equal((0L, 0L), (ours.ControlPacketsReceived, theirs.ControlPacketsReceived));
        Assert.Equal((BfdState.Down, BfdState.Down), (ours.State, theirs.State));
    }

    [Fact]
    public async Task Receive_UnknownDiscriminator_DroppedWithDebugLine()
    {
        await using var pair = await IngotPairLab.CreateAsync();
        var session = pair.OpenSpeaker(multihop: false, BfdSettings.Default);
        var packet = new byte[BfdControlPacket.MandatoryLength];
        new BfdControlPacket { State = BfdState.Up, DetectMultiplier = 3, MyDiscriminator = 9, YourDiscriminator = session.LocalDiscriminator ^ 1 }.Write(packet);
        using var sender = pair.Lab.RunInRouter(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Ttl = 255 });

        await sender.SendToAsync(packet, new IPEndPoint(IngotPairLab.SpeakerV4, BfdEndpoint.SingleHopPort));

        await ExternalProcess.EventuallyAsync(() => Task.FromResult(pair.Log.Lines), l => l.Any(x => x.StartsWith("Debug:", StringComparison.Ordinal) && x.Contains($"no session with discriminator {session.LocalDiscriminator ^ 1}", StringComparison.Ordinal)), "the drop logged", 10, pair.Log);
        Assert.Equal(0, session.ControlPacketsReceived);
    }

    [Fact]
    public async Task Receive_SingleHopPeerBelowTtl255WhileDown_OneWarningWithTheFix()
    {
        await using var pair = await IngotPairLab.CreateAsync();
        var session = pair.OpenSpeaker(multihop: false, BfdSettings.Default);
        var packet = new byte[BfdControlPacket.MandatoryLength];
        new BfdControlPacket { State = BfdState.Down, DetectMultiplier = 3, MyDiscriminator = 9, DesiredMinTxInterval = 300_000, RequiredMinRxInterval = 300_000 }.Write(packet);
        using var sender = pair.Lab.RunInRouter(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Ttl = 64 });

        // A peer a router away, configured as directly connected: every packet it sends fails RFC 5881's check.
        for (var i = 0; i < 3; i++)
        {
            await sender.SendToAsync(packet, new IPEndPoint(IngotPairLab.SpeakerV4, BfdEndpoint.SingleHopPort));
        }

        await ExternalProcess.EventuallyAsync(() => Task.FromResult(pair.Log.Lines), l => l.Count(x => x.Contains("TTL 64 on a single-hop packet", StringComparison.Ordinal)) == 3, "three drops", 10, pair.Log);
        var warning = Assert.Single(pair.Log.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal));
        Assert.Contains("(single hop) arrive with TTL 64, below the 255 the session requires", warning, StringComparison.Ordinal);
        Assert.Contains("set ebgpMultiHop on the BGPPeer", warning, StringComparison.Ordinal);
        Assert.Equal((0L, BfdState.Down), (session.ControlPacketsReceived, session.State));
    }

    [Fact]
    public async Task Open_CallbackThrows_SessionCarriesOn()
    {
        await using var pair = await IngotPairLab.CreateAsync();

        var ours = pair.OpenSpeaker(multihop: false, BfdSettings.Default, (_, _) => throw new InvalidOperationException("owner bug"));
        pair.OpenRouter(multihop: false, BfdSettings.Default);

        // The state is set before the callback runs, so the warning can trail the Up state: wait for both.
        static bool Warned(IEnumerable<string> lines) => lines.Any(l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("callback", StringComparison.Ordinal));
        await ExternalProcess.EventuallyAsync(() => Task.FromResult((ours.State, Warned(pair.Log.Lines))), s => s == (BfdState.Up, true), "Up despite the callback, the throw logged", 20, pair.Log);

        // Carrying on means the session keeps answering after the throw: its received count still climbs.
        var received = ours.ControlPacketsReceived;
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(ours.ControlPacketsReceived), n => n > received, "packets still received", 10, pair.Log);
        Assert.Equal(BfdState.Up, ours.State);
    }

    [Fact]
    public async Task Open_Misuse_Throws()
    {
        await using var lab = await NetNsLab.CreateAsync();
        var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, new ListLoggerFactory());
        var router = IngotPairLab.RouterV4;
        var speaker = IngotPairLab.SpeakerV4;
        var first = endpoint.Open(router, speaker, multihop: false, BfdSettings.Default, (_, _) => { });

        Assert.Throws<InvalidOperationException>(() => endpoint.Open(router, speaker, multihop: false, BfdSettings.Default, (_, _) => { }));
        Assert.Throws<ArgumentException>(() => endpoint.Open(IPAddress.Parse(NetNsLab.RouterV6), speaker, multihop: false, BfdSettings.Default, (_, _) => { }));

        // The same peer multihop is another session; an IPv4-mapped address is the IPv4 one.
        var multihop = endpoint.Open(router.MapToIPv6(), speaker.MapToIPv6(), multihop: true, BfdSettings.Default, (_, _) => { });
        Assert.Equal(router, multihop.Peer);
        Assert.NotEqual(first.LocalDiscriminator, multihop.LocalDiscriminator);
        Assert.NotEqual(0u, multihop.LocalDiscriminator);

        await endpoint.DisposeAsync();
        Assert.Empty(endpoint.Sessions);
        Assert.Throws<ObjectDisposedException>(() => endpoint.Open(router, speaker, multihop: false, BfdSettings.Default, (_, _) => { }));
        Assert.Equal(BfdState.AdminDown, first.State);
    }
}
