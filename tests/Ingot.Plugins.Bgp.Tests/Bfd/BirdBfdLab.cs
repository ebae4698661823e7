using System.Net;
using Ingot.Plugins.Bgp.Interop.Tests;
using Ingot.Plugins.Bgp.Tests;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>
/// A lab with BIRD running BFD in the router namespace and our endpoint in the speaker namespace; disposes the endpoint
/// (AdminDown goes out while BIRD still listens), then BIRD, then the namespaces.
/// </summary>
internal sealed class BirdBfdLab : IAsyncDisposable
{
    private BirdBfdLab(NetNsLab lab, BirdBfdPeer bird)
    {
        Lab = lab;
        Bird = bird;
        Endpoint = BfdEndpoint.Create(lab, TimeProvider.System, Log);
    }

    public NetNsLab Lab { get; }

    public BirdBfdPeer Bird { get; }

    public ListLoggerFactory Log { get; } = new();

    public BfdStateLog States { get; } = new();

    public BfdEndpoint Endpoint { get; }

    /// <param name="neighbor">BIRD's <c>neighbor</c> statement without the keyword.</param>
    public static async Task<BirdBfdLab> StartAsync(string neighbor)
    {
        var lab = await NetNsLab.CreateAsync();
        var bird = new BirdBfdPeer(lab.Router, neighbor);
        try
        {
            await bird.StartAsync();
            return new BirdBfdLab(lab, bird);
        }
        catch
        {
            await bird.DisposeAsync();
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>A session from the speaker address to the router address of the same family, reporting to <see cref="States"/>.</summary>
    public BfdSession Open(string router, string speaker, bool multihop = false, BfdSettings? settings = null)
        => Endpoint.Open(IPAddress.Parse(router), IPAddress.Parse(speaker), multihop, settings ?? BfdSettings.Default, States.Record);

    public async Task UpOnBothSidesAsync(BfdSession session, string speaker)
    {
        await ExternalProcess.EventuallyAsync(() => Task.FromResult(session.State), s => s == BfdState.Up, "our session Up", 20, Log);
        await ExternalProcess.EventuallyAsync(() => Bird.StateOfAsync(speaker), s => s == "Up", "BIRD's session Up", 20, $"{Log}\n{await Bird.SessionsAsync()}\n{Bird.Output}");
    }

    /// <summary>Waits for both sides to leave slow start: BIRD's 300 ms × 3.</summary>
    public Task FastDetectionAsync(BfdSession session)
        => ExternalProcess.EventuallyAsync(() => Task.FromResult(session.DetectionTime), d => d == TimeSpan.FromMilliseconds(900), "detection time 900 ms", 15, Log);

    /// <summary>Waits for a log line containing the text.</summary>
    public Task LoggedAsync(string text, int times = 1)
        => ExternalProcess.EventuallyAsync(() => Task.FromResult(Log.Lines), l => l.Count(x => x.Contains(text, StringComparison.Ordinal)) >= times, $"a log line with '{text}'", 10, Log);

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        await Bird.DisposeAsync();
        await Lab.DisposeAsync();
    }
}
