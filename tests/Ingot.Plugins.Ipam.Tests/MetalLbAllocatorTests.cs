using Ingot.Plugins.Ipam.Metrics;
using Ingot.Plugins.Ipam.Tests.Support;
using Microsoft.Extensions.Logging;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests;

public class MetalLbAllocatorTests
{
    [Fact]
    public void Allocate_HolderReleased_LogsWhyOnce()
    {
        var logger = new CollectingLogger<MetalLbAllocator>();
        using var metrics = new IpamMetrics();
        var allocator = new MetalLbAllocator(new IpamOptions(), metrics, logger);

        allocator.Allocate(State([Pool("p", "192.0.2.0/25")], Service("default/web", "192.0.2.200"), Service("default/ok", "192.0.2.1")));

        var line = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(
            "Service default/web no longer may hold 192.0.2.200 and will get a new assignment: \"192.0.2.200\" is not allowed in config",
            line.Message);
    }

    [Fact]
    public void Allocate_NothingReleased_LogsNothing()
    {
        var logger = new CollectingLogger<MetalLbAllocator>();
        using var metrics = new IpamMetrics();
        var allocator = new MetalLbAllocator(new IpamOptions(), metrics, logger);

        allocator.Allocate(State([Pool("p", "192.0.2.0/24")], Service("default/web", "192.0.2.200"), Service("default/new")));

        Assert.Empty(logger.Lines);
    }
}
