using System.Net;
using Ingot.Plugins.Bgp.Interop.Tests;
using Ingot.Plugins.Bgp.Tests;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>Our BFD endpoint against FRR's bfdd, the implementation MetalLB's FRR mode runs.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class BfdFrrInteropTests
{
    [Theory]
    [InlineData(NetNsLab.RouterV4, NetNsLab.SpeakerV4, false)]
    [InlineData(NetNsLab.RouterV6, NetNsLab.SpeakerV6, false)]
    [InlineData(NetNsLab.RouterV4, NetNsLab.SpeakerV4, true)]
    public async Task Open_FrrBfdd_UpWithNegotiatedIntervalsThenAdminDownOnDispose(string router, string speaker, bool multihop)
    {
        await using var lab = await NetNsLab.CreateAsync();
        await using var frr = new FrrBfdPeer(lab.Router, $"{speaker}{(multihop ? " multihop" : string.Empty)} local-address {router}");
        await frr.StartAsync();
        var log = new ListLoggerFactory();
        await using var endpoint = BfdEndpoint.Create(lab, TimeProvider.System, log);

        // MetalLB's defaults, minimum TTL 254 included: bfdd sends multihop packets with TTL 255.
        var session = endpoint.Open(IPAddress.Parse(router), IPAddress.Parse(speaker), multihop, BfdSettings.Default, (_, _) => { });

        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.State), s => s == BfdState.Up, "our session Up", 20, log);
        var up = await ExternalProcess.EventuallyAsync(() => frr.PeerAsync(speaker, multihop), p => p is { Status: "up", RemoteTransmitInterval: 300 }, "bfdd Up with our 300 ms after slow start", 20, log);
        Assert.Equal(300, up!.RemoteReceiveInterval);
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.DetectionTime), d => d == TimeSpan.FromMilliseconds(900), "detection time 900 ms", 15, log);

        await session.DisposeAsync();

        var down = await ExternalProcess.EventuallyAsync(() => frr.PeerAsync(speaker, multihop), p => p is { Status: "down" }, "bfdd Down", 10, log);
        Assert.Equal("administratively down", down!.RemoteDiagnostic);
    }
}
