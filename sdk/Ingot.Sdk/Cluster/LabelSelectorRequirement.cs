namespace Ingot.Sdk.Cluster;

/// <summary>One <c>matchExpressions</c> entry of a Kubernetes label selector.</summary>
/// <param name="Key">The label key.</param>
/// <param name="Operator"><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</param>
/// <param name="Values">The values for <c>In</c>/<c>NotIn</c>; empty for the others.</param>
public sealed record LabelSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values);
