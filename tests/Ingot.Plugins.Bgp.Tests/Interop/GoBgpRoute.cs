namespace Ingot.Plugins.Bgp.Interop.Tests;

internal sealed record GoBgpRoute
{
    public required string Prefix { get; init; }

    public string? NextHop { get; init; }

    public IReadOnlyList<uint> AsPath { get; init; } = [];

    public uint? LocalPref { get; init; }

    public IReadOnlyList<uint> Communities { get; init; } = [];

    public IReadOnlyList<string> LargeCommunities { get; init; } = [];

    public bool Stale { get; init; }

    public override string ToString()
        => $"{Prefix} nh={NextHop} path=[{string.Join(' ', AsPath)}] lp={LocalPref} c=[{string.Join(' ', Communities)}] lc=[{string.Join(' ', LargeCommunities)}] stale={Stale}";
}
