using System.Collections.Immutable;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Bgp.Transport;

/// <summary>What goes with one prefix to one peer: LOCAL_PREF (0 = not set) and communities (sorted, distinct).</summary>
internal sealed record RouteEntry(uint LocalPref, ImmutableArray<BgpCommunity> Communities)
{
    public static RouteEntry Empty { get; } = new(0, []);

    public bool Equals(RouteEntry? other)
        => other is not null && LocalPref == other.LocalPref && Communities.AsSpan().SequenceEqual(other.Communities.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(LocalPref);
        foreach (var c in Communities)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }
}
