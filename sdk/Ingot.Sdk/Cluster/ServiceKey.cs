namespace Ingot.Sdk.Cluster;

/// <summary>Identifies a Service by namespace and name; orders by namespace, then name (ordinal).</summary>
/// <param name="Namespace">The Service's namespace.</param>
/// <param name="Name">The Service's name.</param>
public readonly record struct ServiceKey(string Namespace, string Name) : IComparable<ServiceKey>
{
    /// <inheritdoc />
    public int CompareTo(ServiceKey other)
    {
        var c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>Returns <c>namespace/name</c>, the form Kubernetes and MetalLB use in messages.</summary>
    public override string ToString() => $"{Namespace}/{Name}";

    /// <summary>Less than, by <see cref="CompareTo"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(ServiceKey left, ServiceKey right) => left.CompareTo(right) < 0;

    /// <summary>Less than or equal, by <see cref="CompareTo"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(ServiceKey left, ServiceKey right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than, by <see cref="CompareTo"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(ServiceKey left, ServiceKey right) => left.CompareTo(right) > 0;

    /// <summary>Greater than or equal, by <see cref="CompareTo"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(ServiceKey left, ServiceKey right) => left.CompareTo(right) >= 0;
}
