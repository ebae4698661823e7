namespace Ingot.Sdk.Configuration.Resources;

/// <summary><c>metallb.io/v1beta1</c> Community: named aliases for BGP community values.</summary>
public sealed record CommunityResource : MetalLbResource
{
    /// <inheritdoc />
    public override string Kind => "Community";

    /// <summary><c>spec.communities</c>.</summary>
    public IReadOnlyList<CommunityAliasSpec> Communities { get; init; } = [];
}
