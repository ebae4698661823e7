using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.Deploy;

/// <summary>
/// deploy/ without a cluster or kubectl: the rendered install matches the kustomization's resources, the RBAC grants exactly
/// what <see cref="KubernetesApiCalls"/> lists, the DaemonSet is shaped as promised, and the CRD schemas accept MetalLB
/// objects.
/// </summary>
public sealed class DeployManifestTests
{
    private const string Ns = "metallb-system";

    private static readonly string[] s_crds =
    [
        "bfdprofiles", "bgpadvertisements", "bgppeers", "communities", "configurationstates", "ipaddresspools",
        "l2advertisements", "servicebgpstatuses", "servicel2statuses",
    ];

    private static IReadOnlyList<JsonObject> Rendered => Manifests.Read("ingot.yaml");

    [Fact]
    public void RenderedInstall_SameObjectsAsKustomizationResources()
    {
        var kustomization = Assert.Single(Manifests.Read("kustomization.yaml"));
        var image = kustomization["images"]![0]!;
        var expected = kustomization["resources"]!.AsArray().SelectMany(r => Manifests.Read((string)r!)).ToList();
        foreach (var container in expected.Where(o => (string?)o["kind"] == "DaemonSet").SelectMany(d => d["spec"]!["template"]!["spec"]!["containers"]!.AsArray()))
        {
            container!["image"] = $"{image["newName"]}:{image["newTag"]}";
        }

        var rendered = Rendered.ToDictionary(Manifests.Id);

        Assert.Equal(expected.Select(Manifests.Id).Order(), rendered.Keys.Order());
        foreach (var obj in expected)
        {
            Assert.True(JsonNode.DeepEquals(obj, rendered[Manifests.Id(obj)]), $"{Manifests.Id(obj)} differs from deploy/ingot.yaml: run deploy/render.sh");
        }
    }

    [Fact]
    public void RenderedInstall_Kinds_NamespaceCrdsRbacAndDaemonSet()
    {
        var kinds = Rendered.GroupBy(o => (string)o["kind"]!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(new Dictionary<string, int>
        {
            ["Namespace"] = 1, ["CustomResourceDefinition"] = 9, ["ServiceAccount"] = 1, ["ClusterRole"] = 1,
            ["ClusterRoleBinding"] = 1, ["Role"] = 1, ["RoleBinding"] = 1, ["DaemonSet"] = 1, ["Service"] = 1, ["ValidatingWebhookConfiguration"] = 1,
        }, kinds);
        Assert.Equal(s_crds.Select(c => c + ".metallb.io"), Rendered.Where(o => (string?)o["kind"] == "CustomResourceDefinition").Select(o => (string)o["metadata"]!["name"]!).Order());
    }

    [Fact]
    public void Rbac_GrantsExactlyTheCallsTheCodeMakes()
    {
        var sa = Assert.Single(Rendered, o => (string?)o["kind"] == "ServiceAccount");
        var clusterRole = Assert.Single(Rendered, o => (string?)o["kind"] == "ClusterRole");
        var role = Assert.Single(Rendered, o => (string?)o["kind"] == "Role");
        Assert.Equal(Ns, (string?)role["metadata"]!["namespace"]);
        foreach (var (bindingKind, roleObj) in new[] { ("ClusterRoleBinding", clusterRole), ("RoleBinding", role) })
        {
            var binding = Assert.Single(Rendered, o => (string?)o["kind"] == bindingKind);
            Assert.Equal((string?)roleObj["metadata"]!["name"], (string?)binding["roleRef"]!["name"]);
            var subject = Assert.Single(binding["subjects"]!.AsArray())!;
            Assert.Equal(((string?)sa["metadata"]!["name"], (string?)sa["metadata"]!["namespace"]), ((string?)subject["name"], (string?)subject["namespace"]));
        }

        var clusterGrants = Grants(clusterRole);
        var namespaceGrants = Grants(role);
        foreach (var call in KubernetesApiCalls.All)
        {
            var key = (call.Group, call.Resource, call.Verb);
            Assert.True(clusterGrants.Contains(key) || (call.InMetalLbNamespace && namespaceGrants.Contains(key)), $"RBAC does not grant {key}");
        }

        // Least privilege: nothing granted that the code does not call.
        var calls = KubernetesApiCalls.All.Select(c => (c.Group, c.Resource, c.Verb)).ToHashSet();
        Assert.All(clusterGrants.Concat(namespaceGrants), g => Assert.Contains(g, calls));
        Assert.DoesNotContain(clusterGrants, g => KubernetesApiCalls.All.Any(c => c.InMetalLbNamespace && (c.Group, c.Resource, c.Verb) == g));
        var named = role["rules"]!.AsArray().Where(r => r!["resourceNames"] is not null).ToList();
        var defaults = new K8sSourceOptions();
        Assert.All(named, r => Assert.Contains(Assert.Single(r!["resourceNames"]!.AsArray().Select(n => (string?)n)), new[] { defaults.LeaseName, defaults.Webhook.SecretName }));
        var clusterNamed = clusterRole["rules"]!.AsArray().Where(r => r!["resourceNames"] is not null).ToList();
        Assert.All(clusterNamed, r => Assert.Equal([defaults.Webhook.ConfigurationName], r!["resourceNames"]!.AsArray().Select(n => (string?)n)));
    }

    [Fact]
    public void Webhook_ServiceReachesTheDaemonSetsWebhookPort_AndReviewsEveryConfigurationKind()
    {
        var defaults = new K8sSourceOptions().Webhook;
        var service = Assert.Single(Rendered, o => (string?)o["kind"] == "Service");
        var ds = Assert.Single(Rendered, o => (string?)o["kind"] == "DaemonSet");
        var configuration = Assert.Single(Rendered, o => (string?)o["kind"] == "ValidatingWebhookConfiguration");

        Assert.Equal((defaults.ServiceName, Ns), ((string?)service["metadata"]!["name"], (string?)service["metadata"]!["namespace"]));
        var podLabels = ds["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.All(service["spec"]!["selector"]!.AsObject(), kv => Assert.Equal((string?)kv.Value, (string?)podLabels[kv.Key]));
        Assert.Equal("webhook", (string?)service["spec"]!["ports"]![0]!["targetPort"]);
        Assert.Equal(defaults.ConfigurationName, (string?)configuration["metadata"]!["name"]);
        var webhook = Assert.Single(configuration["webhooks"]!.AsArray())!;
        Assert.Equal("Fail", (string?)webhook["failurePolicy"]);
        Assert.Equal("None", (string?)webhook["sideEffects"]);
        Assert.Equal(("/validate", defaults.ServiceName, Ns), ((string?)webhook["clientConfig"]!["service"]!["path"], (string?)webhook["clientConfig"]!["service"]!["name"], (string?)webhook["clientConfig"]!["service"]!["namespace"]));
        var rule = Assert.Single(webhook["rules"]!.AsArray())!;
        Assert.Equal(["CREATE", "DELETE", "UPDATE"], rule["operations"]!.AsArray().Select(o => (string)o!).Order());
        Assert.Equal(["bfdprofiles", "bgpadvertisements", "bgppeers", "communities", "ipaddresspools", "l2advertisements"], rule["resources"]!.AsArray().Select(o => (string)o!).Order());
        Assert.Equal(["v1beta1", "v1beta2"], rule["apiVersions"]!.AsArray().Select(o => (string)o!).Order());
    }

    private static HashSet<(string Group, string Resource, string Verb)> Grants(JsonObject role)
        => [.. role["rules"]!.AsArray().SelectMany(rule =>
            from g in rule!["apiGroups"]!.AsArray()
            from r in rule["resources"]!.AsArray()
            from v in rule["verbs"]!.AsArray()
            select ((string)g!, (string)r!, (string)v!))];

    [Fact]
    public void DaemonSet_HostNetworkNetRawOnlyNodeNameProbesAndRequests()
    {
        var ds = Assert.Single(Rendered, o => (string?)o["kind"] == "DaemonSet");
        var pod = ds["spec"]!["template"]!["spec"]!;
        var container = Assert.Single(pod["containers"]!.AsArray())!;
        var security = container["securityContext"]!;

        Assert.Equal("true", (string?)pod["hostNetwork"]);
        Assert.Equal("ingot", (string?)pod["serviceAccountName"]);
        Assert.Equal(["NET_RAW", "SYS_NICE"], security["capabilities"]!["add"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("false", (string?)security["allowPrivilegeEscalation"]);
        var nodeName = Assert.Single(container["env"]!.AsArray(), e => (string?)e!["name"] == "NODE_NAME")!;
        Assert.Equal("spec.nodeName", (string?)nodeName["valueFrom"]!["fieldRef"]!["fieldPath"]);
        var ports = container["ports"]!.AsArray().Select(p => ((string?)p!["name"], (string?)p["containerPort"], (string?)p["protocol"] ?? "TCP")).ToList();
        Assert.Equal([("metrics", "7472", "TCP"), ("memberlist", "7946", "UDP"), ("webhook", "9443", "TCP")], ports);
        Assert.Contains("--set=k8s-source.webhook.port=9443", container["args"]!.AsArray().Select(a => (string?)a));
        Assert.Contains("--metrics-address=0.0.0.0:7472", container["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(("/healthz", "metrics"), ((string?)container["livenessProbe"]!["httpGet"]!["path"], (string?)container["livenessProbe"]!["httpGet"]!["port"]));
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
    }

    [Fact]
    public void Crds_EveryVersionHasSchemaAndStatusAndOneStorageVersion()
    {
        foreach (var crd in Rendered.Where(o => (string?)o["kind"] == "CustomResourceDefinition"))
        {
            var versions = crd["spec"]!["versions"]!.AsArray();
            Assert.Single(versions, v => (string?)v!["storage"] == "true");
            Assert.All(versions, v =>
            {
                Assert.NotNull(v!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]);
                Assert.NotNull(v["subresources"]!["status"]);
                Assert.Equal("true", (string?)v["served"]);
            });
        }

        var peers = Assert.Single(Rendered, o => (string?)o["metadata"]?["name"] == "bgppeers.metallb.io");
        Assert.Equal([("v1beta1", "false"), ("v1beta2", "true")], peers["spec"]!["versions"]!.AsArray().Select(v => ((string?)v!["name"], (string?)v["storage"])));
    }

    public static TheoryData<string> MetalLbObjects => new()
    {
        """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata: {name: p, namespace: metallb-system}
        spec:
          addresses: [192.0.2.0/24, 198.51.100.10-198.51.100.20, "2001:db8::/64"]
          autoAssign: false
          avoidBuggyIPs: true
          serviceAllocation:
            priority: 50
            namespaces: [a, b]
            namespaceSelectors: [{matchLabels: {team: x}}]
            serviceSelectors: [{matchExpressions: [{key: app, operator: In, values: [web]}]}]
        status: {assignedIPv4: 1, assignedIPv6: 0, availableIPv4: 253, availableIPv6: 9223372036854775807}
        """,
        """
        apiVersion: metallb.io/v1beta1
        kind: L2Advertisement
        metadata: {name: l2, namespace: metallb-system}
        spec:
          ipAddressPools: [p]
          ipAddressPoolSelectors: [{matchLabels: {tier: a}}]
          nodeSelectors: [{matchLabels: {kubernetes.io/hostname: n1}}]
          interfaces: [eth0]
          serviceSelectors: [{matchExpressions: [{key: x, operator: Exists}]}]
          preferredNodeSelectors: [{weight: 100, preference: {matchLabels: {zone: a}}}]
        """,
        """
        apiVersion: metallb.io/v1beta1
        kind: BGPAdvertisement
        metadata: {name: b, namespace: metallb-system}
        spec: {aggregationLength: 24, aggregationLengthV6: 64, localPref: 100, communities: ["65535:65282", "large:1:2:3", alias], ipAddressPools: [p], peers: [r], nodeSelectors: [{}], serviceSelectors: []}
        """,
        """
        apiVersion: metallb.io/v1beta2
        kind: BGPPeer
        metadata: {name: r, namespace: metallb-system}
        spec:
          myASN: 4200000000
          peerASN: 64512
          localASN: 64513
          peerAddress: 192.0.2.254
          sourceAddress: 192.0.2.1
          peerPort: 1179
          holdTime: 90s
          keepaliveTime: 30s
          connectTime: 5s
          routerID: 192.0.2.1
          nodeSelectors: [{matchLabels: {bgp: "yes"}}]
          passwordSecret: {name: s, namespace: metallb-system}
          bfdProfile: fast
          enableGracefulRestart: true
          ebgpMultiHop: true
          vrf: red
          disableMP: false
          dualStackAddressFamily: true
        """,
        """
        apiVersion: metallb.io/v1beta2
        kind: BGPPeer
        metadata: {name: u, namespace: metallb-system}
        spec: {myASN: 64512, dynamicASN: external, interface: eth1}
        """,
        """
        apiVersion: metallb.io/v1beta1
        kind: BGPPeer
        metadata: {name: old, namespace: metallb-system}
        spec: {myASN: 64512, peerASN: 64513, peerAddress: 192.0.2.254, peerPort: 0, holdTime: 0s, keepaliveTime: 0s, nodeSelectors: [{matchExpressions: [{key: a, operator: In, values: [b]}]}]}
        """,
        """
        apiVersion: metallb.io/v1beta1
        kind: Community
        metadata: {name: c, namespace: metallb-system}
        spec: {communities: [{name: no-advertise, value: "65535:65282"}]}
        """,
        """
        apiVersion: metallb.io/v1beta1
        kind: BFDProfile
        metadata: {name: fast, namespace: metallb-system}
        spec: {receiveInterval: 10, transmitInterval: 60000, detectMultiplier: 255, echoInterval: 50, echoMode: true, passiveMode: false, minimumTtl: 254}
        """,
        """
        apiVersion: metallb.io/v1beta1
        kind: ServiceL2Status
        metadata: {name: l2-abcde, namespace: metallb-system}
        status: {node: n1, serviceName: web, serviceNamespace: default, interfaces: [{name: eth0}]}
        """,
        """
        apiVersion: metallb.io/v1beta1
        kind: ServiceBGPStatus
        metadata: {name: bgp-abcde, namespace: metallb-system}
        status: {node: n1, serviceName: web, serviceNamespace: default, peers: [r1, r2]}
        """,
        """
        apiVersion: metallb.io/v1beta1
        kind: ConfigurationState
        metadata: {name: controller, namespace: metallb-system}
        status:
          result: Invalid
          errorSummary: "IPAddressPool/p: overlaps"
          conditions: [{type: configReconcilerValid, status: "False", reason: ConfigurationError, message: overlaps, lastTransitionTime: "2026-01-01T00:00:00Z"}]
        """,
    };

    [Theory]
    [MemberData(nameof(MetalLbObjects))]
    public void CrdSchema_ValidMetalLbObject_Accepted(string yaml)
    {
        var dir = SourceHarness.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "o.yaml"), yaml);
        var obj = Manifests.Read(Path.GetRelativePath(Manifests.Directory, Path.Combine(dir, "o.yaml"))).Single();
        var (group, version) = ((string)obj["apiVersion"]!).Split('/') is [var g, var v] ? (g, v) : throw new InvalidOperationException();
        var crd = Assert.Single(Rendered, o => (string?)o["kind"] == "CustomResourceDefinition"
            && (string?)o["spec"]!["group"] == group && (string?)o["spec"]!["names"]!["kind"] == (string?)obj["kind"]);
        var schema = (JsonObject)crd["spec"]!["versions"]!.AsArray().Single(v => (string?)v!["name"] == version)!["schema"]!["openAPIV3Schema"]!;

        Assert.Empty(SchemaChecker.Check(obj, schema));
    }

    [Fact]
    public void CrdSchema_InvalidObject_Refused()
    {
        var crd = Assert.Single(Rendered, o => (string?)o["metadata"]?["name"] == "l2advertisements.metallb.io");
        var schema = (JsonObject)crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        var obj = JsonNode.Parse("""{"spec":{"preferredNodeSelectors":[{"weight":"101","preference":{}}],"interfaces":"eth0","bogus":"1"}}""")!;

        var errors = SchemaChecker.Check(obj, schema);

        Assert.Equal(3, errors.Count);
    }
}
