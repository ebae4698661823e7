using Ingot.Plugins.Ipam.Metrics;
using Ingot.Plugins.Ipam.Planning;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.Ipam;

/// <summary>
/// The allocator with MetalLB's semantics. <see cref="Allocate"/> is pure: it reads only the snapshot (the Services'
/// current status addresses are the allocation state) and the options, and the same snapshot gives the same answer.
/// The last answer's pool counts feed the <c>metallb_allocator_*</c> gauges.
/// </summary>
internal sealed partial class MetalLbAllocator : IAddressAllocator
{
    private readonly IpamOptions _options;
    private readonly IpamMetrics _metrics;
    private readonly ILogger _logger;

    public MetalLbAllocator(IpamOptions options, IpamMetrics metrics, ILogger<MetalLbAllocator>? logger = null)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public string Name => "ipam";

    public AllocationResult Allocate(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var run = new AllocationRun(state.Configuration, state.Remembered);
        var result = run.Run(state.Services, _options.LoadBalancerClass);
        _metrics.Publish(result.Pools);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            foreach (var (service, addresses, reason) in run.Releases)
            {
                LogReleased(_logger, service.ToString(), addresses, reason);
            }
        }

        return result;
    }

    // MetalLB's ClearAssignment event: "current IP not allowed by config, will attempt for new IP assignment".
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Service {Service} no longer may hold {Addresses} and will get a new assignment: {Reason}")]
    private static partial void LogReleased(ILogger logger, string service, string addresses, string reason);
}
