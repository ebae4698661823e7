using Ingot.Sdk;
using Ingot.Sdk.Allocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: IngotPlugin(typeof(TestPlugins.GoodAllocator.GoodAllocatorPlugin), "test-ipam", PluginKind.Allocator, "1.0", Description = "test allocator: first free address of the first pool")]

namespace TestPlugins.GoodAllocator;

/// <summary>An allocator plugin for tests.</summary>
public sealed class GoodAllocatorPlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
        => services.TryAddEnumerable(ServiceDescriptor.Singleton<IAddressAllocator, FirstFreeAllocator>());
}
