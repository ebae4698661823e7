using System.Net;
using Ingot.Sdk;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Plugins.L2.Announcing.Tests;

public class L2AnnouncerTests
{
    [Fact]
    public void DesiredAddresses_SharedIp_UnionOfInterfacesAndServices()
    {
        var ip = IPAddress.Parse("192.0.2.200");
        var plan = new AnnouncementPlan
        {
            Protocol = "layer2",
            Services =
            [
                Svc("a", new Announcement { Protocol = "layer2", Node = "node-a", Addresses = [ip], Interfaces = ["eth1"] }),
                Svc("b", new Announcement { Protocol = "layer2", Node = "node-a", Addresses = [ip], Interfaces = ["eth0"] }),
                Svc("c", new Announcement { Protocol = "layer2", Node = "node-b", Addresses = [IPAddress.Parse("192.0.2.201")] }),
            ],
        };
        var desired = L2Announcer.DesiredAddresses(plan, "node-a");
        var a = Assert.Single(desired).Value;
        Assert.Equal(["eth0", "eth1"], a.Interfaces);
        Assert.Equal([new ServiceKey("default", "a"), new ServiceKey("default", "b")], a.Services);
    }

    [Fact]
    public void DesiredAddresses_OneServiceWantsAll_AllInterfaces()
    {
        var ip = IPAddress.Parse("2001:db8::c8");
        var plan = new AnnouncementPlan
        {
            Protocol = "layer2",
            Services =
            [
                Svc("a", new Announcement { Protocol = "layer2", Node = "node-a", Addresses = [ip], Interfaces = ["eth1"] }),
                Svc("b", new Announcement { Protocol = "layer2", Node = "node-a", Addresses = [ip] }),
            ],
        };
        Assert.Empty(Assert.Single(L2Announcer.DesiredAddresses(plan, "node-a")).Value.Interfaces);
    }

    [Fact]
    public void Plugin_ConfigureServices_ResolvesLayer2Announcer()
    {
        var services = new ServiceCollection().AddLogging();
        new L2Plugin().ConfigureServices(services, new PluginContext
        {
            PluginName = "l2",
            PluginDirectory = AppContext.BaseDirectory,
            NodeName = "node-a",
            Settings = new Dictionary<string, string> { ["refreshInterval"] = "0" },
        });
        services.AddL2Announcer(); // composing twice adds nothing
        using var provider = services.BuildServiceProvider();
        var announcer = Assert.Single(provider.GetServices<IAnnouncer>());
        Assert.Equal("layer2", announcer.Name);
    }

    [Fact]
    public void Plugin_Attribute_DescribesIt()
    {
        var attribute = (IngotPluginAttribute)Attribute.GetCustomAttribute(typeof(L2Plugin).Assembly, typeof(IngotPluginAttribute))!;
        Assert.Equal("l2", attribute.Name);
        Assert.Equal(PluginKind.Announcer, attribute.Kind);
        Assert.Contains("ARP", attribute.Description, StringComparison.Ordinal);
    }

    private static ServiceAnnouncements Svc(string name, Announcement a) => new() { Service = new ServiceKey("default", name), Announcements = [a] };
}
