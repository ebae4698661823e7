using System.Net;
using k8s;
using k8s.Models;

namespace Ingot.Plugins.K8sSource.Mapping.Tests;

public class CoreMappingNodeTests
{
    private static V1Node Parse(string json) => KubernetesJson.Deserialize<V1Node>(json);

    [Fact]
    public void ToNodeInfo_KeepsInternalIPAddressesInOrder_AndIgnoresOtherTypes()
    {
        var node = CoreMapping.ToNodeInfo(Parse("""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"},
             "status":{"addresses":[{"type":"Hostname","address":"node-a"},{"type":"InternalIP","address":"192.0.2.1"},
                                    {"type":"ExternalIP","address":"198.51.100.1"},{"type":"InternalIP","address":"2001:db8::1"}]}}
            """));

        Assert.Equal([IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")], node.InternalAddresses);
    }

    [Fact]
    public void ToNodeInfo_LeavesOutAMalformedAddress_AndKeepsTheNode()
    {
        var node = CoreMapping.ToNodeInfo(Parse("""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"},
             "status":{"addresses":[{"type":"InternalIP","address":"not-an-ip"},{"type":"InternalIP","address":"192.0.2.2"}]}}
            """));

        Assert.Equal("node-a", node.Name);
        Assert.Equal([IPAddress.Parse("192.0.2.2")], node.InternalAddresses);
    }

    [Fact]
    public void ToNodeInfo_WithoutStatus_HasNoAddresses()
    {
        var node = CoreMapping.ToNodeInfo(Parse("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"}}"""));

        Assert.Empty(node.InternalAddresses);
    }
}
