namespace Ingot.Sdk.Cluster;

/// <summary>A Service's <c>spec.ipFamilyPolicy</c>; absent means <see cref="SingleStack"/>.</summary>
public enum IpFamilyPolicy
{
    /// <summary>One address, of the family of the Service's cluster IP.</summary>
    SingleStack,

    /// <summary>Two addresses when both families are available, else one.</summary>
    PreferDualStack,

    /// <summary>Exactly one address of each family.</summary>
    RequireDualStack,
}
