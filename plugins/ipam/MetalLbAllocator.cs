using Ingot.Plugins.Ipam.Metrics;
using Ingot.Plugins.Ipam.Planning;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.Ipam;

/// <summary>
/// The allocator with MetalLB's semantics. <see cref="Allocate"/> is pure: it reads only the snapshot (the Services'
/// current status addresses are the allocation state) and the options, and the same snapshot gives the same answer.
/// The last answer's pool counts feed the <c>metallb_allocator_*</c> gauges.
/// </summary>
internal sealed class MetalLbAllocator : IAddressAllocator
{
    private readonly IpamOptions _options;
    private readonly IpamMetrics _metrics;

    public MetalLbAllocator(IpamOptions options, IpamMetrics metrics)
    {
        _options = options;
        _metrics = metrics;
    }

    public string Name => "ipam";

    public AllocationResult Allocate(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = new AllocationRun(state.Configuration).Run(state.Services, _options.LoadBalancerClass);
        _metrics.Publish(result.Pools);
        return result;
    }
}
