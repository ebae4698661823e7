using System.Collections.Immutable;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Configuration.Tests;

public class ServiceInspectorTests
{
    private static ServiceInfo Service(string? loadBalancerIP = null, params (string Key, string Value)[] annotations) => new()
    {
        Namespace = "default",
        Name = "web",
        Type = "LoadBalancer",
        LoadBalancerIP = loadBalancerIP,
        Annotations = annotations.ToImmutableDictionary(a => a.Key, a => a.Value),
    };

    [Fact]
    public void Inspect_NoAnnotations_Nothing() => Assert.Empty(ServiceInspector.Inspect(Service()));

    [Theory]
    [InlineData("metallb.io/address-pool")]
    [InlineData("metallb.io/loadBalancerIPs")]
    [InlineData("metallb.io/allow-shared-ip")]
    [InlineData("metallb.io/ip-allocated-from-pool")]
    [InlineData("example.com/whatever")]
    [InlineData("metallb.iox/thing")]
    public void Inspect_CurrentOrForeignKey_Nothing(string key) => Assert.Empty(ServiceInspector.Inspect(Service(null, (key, "x"))));

    [Theory]
    [InlineData("metallb.universe.tf/healthCheckNodePort")]
    [InlineData("metallb.io/address-pools")]
    [InlineData("metallb.io/Address-Pool")]
    public void Inspect_UnknownMetalLbKey_Warning(string key)
    {
        var d = Assert.Single(ServiceInspector.Inspect(Service(null, (key, "1"))));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("Service", d.Kind);
        Assert.Equal("default/web", d.Name);
        Assert.Equal($"annotation \"{key}\" is not a MetalLB annotation and is ignored", d.Message);
        Assert.Null(d.Origin);
    }

    [Theory]
    [InlineData("address-pool")]
    [InlineData("loadBalancerIPs")]
    [InlineData("allow-shared-ip")]
    public void Inspect_LegacyKeyMetalLbReads_DeprecationWarning(string suffix)
    {
        var d = Assert.Single(ServiceInspector.Inspect(Service(null, ("metallb.universe.tf/" + suffix, "x"))));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal($"annotation \"metallb.universe.tf/{suffix}\" is deprecated, use \"metallb.io/{suffix}\"", d.Message);
    }

    [Fact]
    public void Inspect_LegacyKeyShadowedByCurrent_Warning()
    {
        var d = Assert.Single(ServiceInspector.Inspect(Service(null, ("metallb.universe.tf/address-pool", "a"), ("metallb.io/address-pool", "b"))));
        Assert.Equal("annotation \"metallb.universe.tf/address-pool\" is ignored because \"metallb.io/address-pool\" is set", d.Message);
    }

    [Fact]
    public void Inspect_LegacyAllocatedFromPool_Warning()
    {
        var d = Assert.Single(ServiceInspector.Inspect(Service(null, ("metallb.universe.tf/ip-allocated-from-pool", "a"))));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("older MetalLB", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metallb.io/loadBalancerIPs")]
    [InlineData("metallb.universe.tf/loadBalancerIPs")]
    public void Inspect_LoadBalancerIPAndAnnotation_Error(string key)
    {
        var errors = ServiceInspector.Inspect(Service("192.0.2.10", (key, "192.0.2.10"))).Where(d => d.Severity == DiagnosticSeverity.Error);
        var d = Assert.Single(errors);
        Assert.Equal("service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP", d.Message);
        Assert.Equal("default/web", d.Name);
        Assert.Equal("Service/default/web: service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP", d.ToString());
    }

    [Fact]
    public void Inspect_LoadBalancerIPOnly_Nothing() => Assert.Empty(ServiceInspector.Inspect(Service("192.0.2.10")));

    [Fact]
    public void Inspect_EmptyAnnotationWithLoadBalancerIP_Nothing()
        => Assert.Empty(ServiceInspector.Inspect(Service("192.0.2.10", ("metallb.io/loadBalancerIPs", ""))));
}
