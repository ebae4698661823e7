using Ingot.Plugins.L2.Codec;
using Ingot.Plugins.L2.Interfaces;

namespace Ingot.Bench.L2;

/// <summary>One interface, eth0, up: the takeover benchmark touches no real interface.</summary>
internal sealed class OneLink : ILinkScanner
{
    private static readonly LinkInfo[] Links = [new() { Name = "eth0", Index = 2, Mac = new MacAddress(0x0200_0000_0001UL), IsUp = true, IsBroadcast = true }];

    public IReadOnlyList<LinkInfo> Scan() => Links;
}
