using System.Net;
using Ingot.Plugins.Bgp.Interop.Tests;
using Ingot.Plugins.Bgp.Tests;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>A lab with one Ingot BFD endpoint per namespace, logging to one list; disposed endpoints first.</summary>
internal sealed class IngotPairLab : IAsyncDisposable
{
    public static readonly IPAddress SpeakerV4 = IPAddress.Parse(NetNsLab.SpeakerV4);
    public static readonly IPAddress RouterV4 = IPAddress.Parse(NetNsLab.RouterV4);

    private IngotPairLab(NetNsLab lab)
    {
        Lab = lab;
        Speaker = BfdEndpoint.Create(lab, TimeProvider.System, Log);
        Router = BfdEndpoint.Create(new RouterScope(lab), TimeProvider.System, Log);
    }

    public NetNsLab Lab { get; }

    public ListLoggerFactory Log { get; } = new();

    /// <summary>The endpoint under test, in the speaker namespace.</summary>
    public BfdEndpoint Speaker { get; }

    /// <summary>The peer's endpoint, in the router namespace.</summary>
    public BfdEndpoint Router { get; }

    public static async Task<IngotPairLab> CreateAsync() => new(await NetNsLab.CreateAsync());

    /// <summary>A speaker-side session to the router's IPv4 address.</summary>
    public BfdSession OpenSpeaker(bool multihop, BfdSettings settings, Action<BfdState, BfdDiagnostic>? onStateChanged = null)
        => Speaker.Open(RouterV4, SpeakerV4, multihop, settings, onStateChanged ?? ((_, _) => { }));

    /// <summary>The router-side session to the speaker's IPv4 address.</summary>
    public BfdSession OpenRouter(bool multihop, BfdSettings settings)
        => Router.Open(SpeakerV4, RouterV4, multihop, settings, (_, _) => { });

    public async ValueTask DisposeAsync()
    {
        await Speaker.DisposeAsync();
        await Router.DisposeAsync();
        await Lab.DisposeAsync();
    }
}
