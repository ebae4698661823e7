namespace Ingot.Plugins.Ipam.Planning;

/// <summary>Namespace/name order; a struct comparer so that sorting 100,000 Services calls it directly, not through a delegate.</summary>
internal readonly struct ByServiceKey : IComparer<ServiceOutcome>
{
    public int Compare(ServiceOutcome? x, ServiceOutcome? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var a = x.Request.Key;
        var b = y.Request.Key;
        var c = string.CompareOrdinal(a.Namespace, b.Namespace);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }
}
