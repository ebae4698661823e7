namespace Ingot.Sdk.Configuration.Resources;

/// <summary>One alias of a Community resource.</summary>
/// <param name="Name">The alias.</param>
/// <param name="Value"><c>A:B</c> or <c>large:A:B:C</c>.</param>
public sealed record CommunityAliasSpec(string Name, string Value);
