using System.Reflection;
using Ingot.Sdk;
using Ingot.Sdk.Allocation;
using Microsoft.Extensions.DependencyInjection;
using static Ingot.Plugins.Ipam.Tests.Support.Build;

namespace Ingot.Plugins.Ipam.Tests;

public class IpamPluginTests
{
    [Fact]
    public void ConfigureServices_LbClassSetting_FiltersByThatClass()
    {
        var services = new ServiceCollection();
        new IpamPlugin().ConfigureServices(services, Context(("lbClass", "ingot.io/lb")));
        using var provider = services.BuildServiceProvider();

        var allocator = Assert.Single(provider.GetServices<IAddressAllocator>());
        var result = allocator.Allocate(State([Pool("p", "192.0.2.0/24")],
            Service("default/plain"), Service("default/ours") with { LoadBalancerClass = "ingot.io/lb" }));

        Assert.Equal("ipam", allocator.Name);
        Assert.Equal(["default/ours"], result.Assignments.Select(a => a.Service.ToString()));
    }

    [Fact]
    public void ConfigureServices_UnknownSetting_IsRefusedWithItsName()
    {
        var error = Assert.Throws<ArgumentException>(() => new IpamPlugin().ConfigureServices(new ServiceCollection(), Context(("lb-class", "x"))));

        Assert.Contains("unknown setting \"lb-class\"", error.Message);
    }

    [Fact]
    public void AddIngotIpam_Twice_RegistersOneAllocator()
    {
        var services = new ServiceCollection().AddIngotIpam().AddIngotIpam();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IAddressAllocator>());
    }

    [Fact]
    public void Assembly_DeclaresTheAllocatorPlugin()
    {
        var attribute = typeof(IpamPlugin).Assembly.GetCustomAttribute<IngotPluginAttribute>()!;

        Assert.Equal("ipam", attribute.Name);
        Assert.Equal(PluginKind.Allocator, attribute.Kind);
        Assert.Equal(typeof(IpamPlugin), attribute.EntryPoint);
        Assert.Contains("MetalLB", attribute.Description, StringComparison.Ordinal);
    }

    private static PluginContext Context(params (string Key, string Value)[] settings) => new()
    {
        PluginName = "ipam",
        PluginDirectory = AppContext.BaseDirectory,
        NodeName = "node-a",
        Settings = settings.ToDictionary(s => s.Key, s => s.Value),
    };
}
