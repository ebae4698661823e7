using Ingot.Plugins.Ipam.Addressing;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>MetalLB's <c>Allocation</c>: at most one usable address per family offered by one pool.</summary>
internal readonly record struct PoolCandidates(PoolState Pool, Address128? IPv4, Address128? IPv6)
{
    public Address128? For(IpFamily family) => family switch
    {
        IpFamily.IPv4 => IPv4,
        IpFamily.IPv6 => IPv6,
        _ => null,
    };
}
