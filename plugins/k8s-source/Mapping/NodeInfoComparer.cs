using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.K8sSource.Mapping;

/// <summary>Equal when labels and condition statuses are: Node heartbeats change nothing Ingot reads and must not trigger a
/// pipeline pass every few seconds per node.</summary>
internal sealed class NodeInfoComparer : IEqualityComparer<NodeInfo>
{
    public static NodeInfoComparer Instance { get; } = new();

    public bool Equals(NodeInfo? x, NodeInfo? y)
        => ReferenceEquals(x, y)
           || (x is not null && y is not null && x.Name == y.Name && Same(x.Labels, y.Labels) && Same(x.Conditions, y.Conditions));

    public int GetHashCode(NodeInfo obj) => obj.Name.GetHashCode(StringComparison.Ordinal);

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
        => a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
