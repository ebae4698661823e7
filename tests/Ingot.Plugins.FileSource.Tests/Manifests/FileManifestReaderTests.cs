using System.Net;
using System.Text.RegularExpressions;
using Ingot.Plugins.FileSource.Tests;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.FileSource.Manifests.Tests;

public class FileManifestReaderTests
{
    private static FileManifestReader Reader(string node = "node-x") => new(new FileSourceOptions { NodeName = node });

    private static string[] Lines(IEnumerable<ConfigurationDiagnostic> diagnostics) => [.. diagnostics.Select(d => d.ToString())];

    [Fact]
    public void Read_TutorialExample_IsValidAndSaysWhatItIgnores()
    {
        var dir = RepositoryPaths.Examples("tutorial");

        var result = Reader().Read([dir]);

        Assert.True(result.IsValid, string.Join("\n", Lines(result.Diagnostics)));
        var warnings = Lines(result.Diagnostics);
        Assert.Contains(warnings, w => w.Contains("Service/default/nginx-service: warning: annotation \"metallb.universe.tf/healthCheckNodePort\" is not a MetalLB annotation and is ignored", StringComparison.Ordinal)
                                        && w.StartsWith(Path.Combine(dir, "health-check-service.yaml"), StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.EndsWith("Deployment/nginx-deployment: warning: apps/v1 Deployment is not read by Ingot; skipped", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.EndsWith("Ingress/nginx-ingress: warning: networking.k8s.io/v1 Ingress is not read by Ingot; skipped", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("Service/default/nginx-service: warning: defined again", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("BGPAdvertisement/bgp-advertisement: warning: spec.peers: no BGPPeer named \"router1.example.com\"", StringComparison.Ordinal));

        var state = result.State;
        Assert.Contains("first-pool", state.Configuration.Pools.Keys);
        Assert.Contains("production-pool", state.Configuration.Pools.Keys);
        Assert.Equal(["nginx-service", "nginx-ingress"], state.Services.Select(s => s.Name));
        Assert.All(state.Services, s => Assert.True(s.IsLoadBalancer));
        Assert.Equal(["default", "ingress-nginx"], state.Services.Select(s => s.Namespace));
        var node = Assert.Single(state.Nodes);
        Assert.Equal("node-x", node.Name);
        Assert.True(node.Ready);
    }

    [Fact]
    public void Read_TutorialLayer2Alternative_IsValid()
    {
        var result = Reader().Read([RepositoryPaths.Examples("tutorial-layer2")]);

        Assert.True(result.IsValid, string.Join("\n", Lines(result.Diagnostics)));
        Assert.Equal(["eth0"], Assert.Single(result.State.Configuration.L2Advertisements).Interfaces);
    }

    [Fact]
    public void Read_LabExample_IsValidWithoutWarningsAndUsesOnlyDocumentationAddresses()
    {
        var result = Reader().Read([RepositoryPaths.Examples("lab")]);

        Assert.Empty(Lines(result.Diagnostics));
        var state = result.State;
        Assert.Equal(["node-a", "node-b", "node-c"], state.Nodes.Select(n => n.Name));
        Assert.All(state.Nodes, n => Assert.True(n.Ready));
        Assert.Equal(["lab-dual-stack", "lab-ipv4", "lab-ipv6"], state.Configuration.Pools.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["eth0"], Assert.Single(state.Configuration.L2Advertisements).Interfaces);
        var web = Assert.Single(state.Services, s => s.Name == "web");
        Assert.Equal(80, Assert.Single(web.Ports).Port);
        Assert.Equal(["node-a", "node-b"], state.EndpointSlicesOf(web.Key).SelectMany(s => s.Endpoints).Select(e => e.NodeName));
        var dual = Assert.Single(state.Services, s => s.Name == "web-dual-stack");
        Assert.Equal(Sdk.Cluster.IpFamilyPolicy.RequireDualStack, dual.IpFamilyPolicy);

        var documentation = new[] { "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32" }.Select(IPNetwork.Parse).ToArray();
        var text = string.Join("\n", Directory.GetFiles(RepositoryPaths.Examples("lab"), "*.yaml").Select(File.ReadAllText));
        var addresses = Regex.Matches(text, @"(?<![\w.:])(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{0,4}){2,7})(?![\w.:])")
            .Select(m => m.Value)
            .ToList();
        Assert.Contains("192.0.2.200", addresses);
        Assert.Contains("2001:db8:0:1::220", addresses);
        Assert.Contains("203.0.113.10", addresses);
        Assert.All(addresses, a => Assert.Contains(documentation, n => n.Contains(IPAddress.Parse(a))));
    }

    [Fact]
    public void Read_InvalidConfiguration_IsInvalidWithEmptyConfiguration()
    {
        using var dir = new TempDirectory();
        dir.Write("pool.yaml", """
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: bad}
            spec: {addresses: [192.0.2.10-192.0.2.1]}
            """);

        var result = Reader().Read([dir.Path]);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(dir.File("pool.yaml"), error.Origin);
        Assert.Equal("IPAddressPool", error.Kind);
        Assert.Empty(result.State.Configuration.Pools);
        Assert.NotEmpty(result.State.ConfigurationErrors);
    }

    [Fact]
    public void Read_SeveralPaths_ReadsThemInOrder()
    {
        using var dir = new TempDirectory();
        var a = dir.Write("x/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {type: LoadBalancer}\n");
        var b = dir.Write("y/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {type: LoadBalancer}\n");

        var result = Reader().Read([b, a]);

        Assert.True(result.IsValid);
        Assert.Equal(["b", "a"], result.State.Services.Select(s => s.Name));
        Assert.Equal(["default"], result.State.Namespaces.Select(n => n.Name));
    }

    [Fact]
    public void Read_PeerPasswordFromSecret_SecretDataReachesTheParser()
    {
        using var dir = new TempDirectory();
        dir.Write("bgp.yaml", """
            apiVersion: metallb.io/v1beta2
            kind: BGPPeer
            metadata: {name: router1}
            spec:
              myASN: 64512
              peerASN: 64513
              peerAddress: 192.0.2.1
              passwordSecret: {name: bgp-auth, namespace: metallb-system}
            """);
        var secret = dir.Write("secret.yaml", """
            apiVersion: v1
            kind: Secret
            metadata: {name: bgp-auth, namespace: metallb-system}
            type: kubernetes.io/basic-auth
            stringData: {password: s3cr3t}
            """);

        var valid = Reader().Read([dir.Path]);

        Assert.True(valid.IsValid, string.Join("\n", Lines(valid.Diagnostics)));
        Assert.Equal("s3cr3t", valid.State.Configuration.Peers["router1"].Password);

        File.Delete(secret);
        var missing = Reader().Read([dir.Path]);

        Assert.False(missing.IsValid);
        Assert.Contains(missing.Diagnostics, d => d.Kind == "BGPPeer" && d.Name == "router1" && d.Message.Contains("secret", StringComparison.Ordinal));
    }
}
