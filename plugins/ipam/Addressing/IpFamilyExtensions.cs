namespace Ingot.Plugins.Ipam.Addressing;

internal static class IpFamilyExtensions
{
    /// <summary>MetalLB's spelling of a family in messages (<c>ipv4</c>, <c>ipv6</c>, <c>dual</c>).</summary>
    public static string ToMetalLbString(this IpFamily family) => family switch
    {
        IpFamily.IPv4 => "ipv4",
        IpFamily.IPv6 => "ipv6",
        _ => "dual",
    };
}
