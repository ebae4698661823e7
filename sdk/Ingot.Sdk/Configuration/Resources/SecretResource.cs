using System.Collections.Immutable;

namespace Ingot.Sdk.Configuration.Resources;

/// <summary>A Kubernetes Secret referenced by a BGPPeer's <c>passwordSecret</c>; data values already base64-decoded.</summary>
public sealed record SecretResource : MetalLbResource
{
    /// <inheritdoc />
    public override string Kind => "Secret";

    /// <summary><c>type</c>, e.g. <c>kubernetes.io/basic-auth</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>data</c> (decoded) merged with <c>stringData</c>.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = ImmutableDictionary<string, string>.Empty;
}
