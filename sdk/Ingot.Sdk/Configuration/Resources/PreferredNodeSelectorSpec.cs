using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Resources;

/// <summary>One entry of an L2Advertisement's <c>spec.preferredNodeSelectors</c>.</summary>
/// <param name="Weight"><c>weight</c>, 1..100.</param>
/// <param name="Preference"><c>preference</c>; an empty selector matches every node.</param>
public sealed record PreferredNodeSelectorSpec(long Weight, LabelSelector Preference);
