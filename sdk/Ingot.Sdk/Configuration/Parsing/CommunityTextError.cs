namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>Why community text did not parse (MetalLB's ErrInvalidCommunityValue / ErrInvalidCommunityFormat).</summary>
internal enum CommunityTextError
{
    None,
    Value,
    Format,
}
