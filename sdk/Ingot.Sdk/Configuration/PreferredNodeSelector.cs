using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration;

/// <summary>A validated preferred node selector.</summary>
/// <param name="Weight">1..100.</param>
/// <param name="Preference">The nodes it favours.</param>
public sealed record PreferredNodeSelector(int Weight, LabelSelector Preference);
