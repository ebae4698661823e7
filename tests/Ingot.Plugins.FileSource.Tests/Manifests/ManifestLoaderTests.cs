using System.Net;
using System.Text;
using Ingot.Plugins.FileSource.Tests;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Plugins.FileSource.Manifests.Tests;

public class ManifestLoaderTests
{
    private static ManifestBatch LoadText(string yaml, string origin = "test.yaml")
    {
        var batch = new ManifestBatch();
        new ManifestLoader("metallb-system").LoadText(origin, Encoding.UTF8.GetBytes(yaml), batch);
        return batch;
    }

    private static T Single<T>(ManifestBatch batch) => Assert.Single(batch.Objects.Select(o => o.Value).OfType<T>());

    private static ConfigurationDiagnostic SingleError(ManifestBatch batch)
        => Assert.Single(batch.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);

    [Fact]
    public void LoadText_IPAddressPool_MapsEveryField()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: first-pool
              labels: {zone: a}
            spec:
              addresses:
              - 192.0.2.0/28
              - 2001:db8::1-2001:db8::5
              autoAssign: false
              avoidBuggyIPs: true
              serviceAllocation:
                priority: 50
                namespaces: [web]
                namespaceSelectors:
                - matchLabels: {team: blue}
                serviceSelectors:
                - matchExpressions:
                  - {key: app, operator: In, values: [nginx, apache]}
            """);

        Assert.Empty(batch.Diagnostics);
        var pool = Single<IPAddressPoolResource>(batch);
        Assert.Equal("first-pool", pool.Name);
        Assert.Equal("metallb-system", pool.Namespace);
        Assert.Equal("test.yaml", pool.Origin);
        Assert.Equal("a", pool.Labels["zone"]);
        Assert.Equal(["192.0.2.0/28", "2001:db8::1-2001:db8::5"], pool.Addresses);
        Assert.False(pool.AutoAssign);
        Assert.True(pool.AvoidBuggyIPs);
        Assert.Equal(50, pool.ServiceAllocation!.Priority);
        Assert.Equal(["web"], pool.ServiceAllocation.Namespaces);
        Assert.Equal("blue", pool.ServiceAllocation.NamespaceSelectors[0].MatchLabels["team"]);
        var requirement = Assert.Single(pool.ServiceAllocation.ServiceSelectors[0].MatchExpressions);
        Assert.Equal(["nginx", "apache"], requirement.Values);
        Assert.Equal("app", requirement.Key);
        Assert.Equal("In", requirement.Operator);
    }

    [Fact]
    public void LoadText_L2Advertisement_MapsEveryField()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta1
            kind: L2Advertisement
            metadata: {name: l2, namespace: other-ns}
            spec:
              ipAddressPools: [a, b]
              ipAddressPoolSelectors: [{matchLabels: {x: y}}]
              nodeSelectors: [{matchLabels: {kubernetes.io/hostname: node-a}}]
              interfaces: [eth0, eth1]
              serviceSelectors: [{matchExpressions: [{key: tier, operator: Exists}]}]
              preferredNodeSelectors:
              - weight: 10
                preference: {matchLabels: {rack: r1}}
            """);

        Assert.Empty(batch.Diagnostics);
        var ad = Single<L2AdvertisementResource>(batch);
        Assert.Equal("other-ns", ad.Namespace);
        Assert.Equal(["a", "b"], ad.IPAddressPools);
        Assert.Equal("y", ad.IPAddressPoolSelectors[0].MatchLabels["x"]);
        Assert.Equal("node-a", ad.NodeSelectors[0].MatchLabels["kubernetes.io/hostname"]);
        Assert.Equal(["eth0", "eth1"], ad.Interfaces);
        Assert.Equal("Exists", ad.ServiceSelectors[0].MatchExpressions[0].Operator);
        Assert.Empty(ad.ServiceSelectors[0].MatchExpressions[0].Values);
        var preferred = Assert.Single(ad.PreferredNodeSelectors);
        Assert.Equal(10, preferred.Weight);
        Assert.Equal("r1", preferred.Preference.MatchLabels["rack"]);
    }

    [Fact]
    public void LoadText_BgpAdvertisement_MapsEveryField()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta1
            kind: BGPAdvertisement
            metadata: {name: bgp}
            spec:
              aggregationLength: 24
              aggregationLengthV6: 64
              localPref: 100
              communities: ["65000:100", "large:1:2:3", no-export]
              ipAddressPools: [p]
              ipAddressPoolSelectors: [{matchLabels: {a: b}}]
              nodeSelectors: [{matchLabels: {c: d}}]
              peers: [router1]
              serviceSelectors: [{matchLabels: {e: f}}]
            """);

        Assert.Empty(batch.Diagnostics);
        var ad = Single<BgpAdvertisementResource>(batch);
        Assert.Equal(24, ad.AggregationLength);
        Assert.Equal(64, ad.AggregationLengthV6);
        Assert.Equal(100, ad.LocalPref);
        Assert.Equal(["65000:100", "large:1:2:3", "no-export"], ad.Communities);
        Assert.Equal(["p"], ad.IPAddressPools);
        Assert.Equal("b", ad.IPAddressPoolSelectors[0].MatchLabels["a"]);
        Assert.Equal("d", ad.NodeSelectors[0].MatchLabels["c"]);
        Assert.Equal(["router1"], ad.Peers);
        Assert.Equal("f", ad.ServiceSelectors[0].MatchLabels["e"]);
    }

    [Fact]
    public void LoadText_BgpPeerV1beta2_MapsEveryField()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta2
            kind: BGPPeer
            metadata: {name: router1}
            spec:
              myASN: 64512
              peerASN: 4200000001
              localASN: 64513
              peerAddress: 192.0.2.1
              sourceAddress: 192.0.2.2
              peerPort: 1179
              holdTime: 90s
              keepaliveTime: 30s
              connectTime: 5s
              routerID: 192.0.2.2
              nodeSelectors: [{matchLabels: {bgp: "yes"}}]
              passwordSecret: {name: bgp-secret, namespace: metallb-system}
              bfdProfile: fast
              enableGracefulRestart: true
              ebgpMultiHop: true
              vrf: red
              disableMP: false
              dualStackAddressFamily: true
            """);

        Assert.Empty(batch.Diagnostics);
        var peer = Single<BgpPeerResource>(batch);
        Assert.Equal("v1beta2", peer.ApiVersion);
        Assert.Equal(64512, peer.MyAsn);
        Assert.Equal(4200000001, peer.PeerAsn);
        Assert.Equal(64513, peer.LocalAsn);
        Assert.Equal("192.0.2.1", peer.PeerAddress);
        Assert.Equal("192.0.2.2", peer.SourceAddress);
        Assert.Equal(1179, peer.PeerPort);
        Assert.Equal("90s", peer.HoldTime);
        Assert.Equal("30s", peer.KeepaliveTime);
        Assert.Equal("5s", peer.ConnectTime);
        Assert.Equal("192.0.2.2", peer.RouterId);
        Assert.Equal("yes", peer.NodeSelectors[0].MatchLabels["bgp"]);
        Assert.Equal("bgp-secret", peer.PasswordSecretName);
        Assert.Equal("metallb-system", peer.PasswordSecretNamespace);
        Assert.Equal("fast", peer.BfdProfile);
        Assert.True(peer.EnableGracefulRestart);
        Assert.True(peer.EbgpMultiHop);
        Assert.Equal("red", peer.Vrf);
        Assert.False(peer.DisableMP);
        Assert.True(peer.DualStackAddressFamily);
    }

    [Fact]
    public void LoadText_BgpPeerV1beta1_MapsLegacyNodeSelectorsAndDynamicAsnIsV1beta2Only()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta1
            kind: BGPPeer
            metadata: {name: router1, namespace: metallb-system}
            spec:
              myASN: 65001
              peerASN: 65000
              peerAddress: 192.0.2.1
              password: secret
              nodeSelectors:
              - matchLabels: {rack: r1}
                matchExpressions:
                - key: kubernetes.io/hostname
                  operator: NotIn
                  values: [node-c]
            ---
            apiVersion: metallb.io/v1beta1
            kind: BGPPeer
            metadata: {name: router2}
            spec: {myASN: 65001, peerASN: 65000, peerAddress: 192.0.2.3, dynamicASN: external}
            """);

        var peers = batch.Objects.Select(o => o.Value).OfType<BgpPeerResource>().ToList();
        Assert.Equal(2, peers.Count);
        Assert.Equal("v1beta1", peers[0].ApiVersion);
        Assert.Equal("secret", peers[0].Password);
        Assert.Equal("r1", peers[0].NodeSelectors[0].MatchLabels["rack"]);
        Assert.Equal("kubernetes.io/hostname", peers[0].NodeSelectors[0].MatchExpressions[0].Key);
        Assert.Equal("NotIn", peers[0].NodeSelectors[0].MatchExpressions[0].Operator);
        Assert.Equal(["node-c"], peers[0].NodeSelectors[0].MatchExpressions[0].Values);
        var warning = Assert.Single(batch.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("test.yaml: BGPPeer/router2: warning: spec.dynamicASN: unknown field, ignored (line 19)", warning.ToString());
    }

    [Fact]
    public void LoadText_CommunityAndBfdProfile_MapEveryField()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta1
            kind: Community
            metadata: {name: communities}
            spec:
              communities:
              - {name: no-export, value: "65535:65281"}
            ---
            apiVersion: metallb.io/v1beta1
            kind: BFDProfile
            metadata: {name: fast}
            spec:
              receiveInterval: 100
              transmitInterval: 200
              detectMultiplier: 3
              echoInterval: 50
              echoMode: true
              passiveMode: false
              minimumTtl: 254
            """);

        Assert.Empty(batch.Diagnostics);
        var community = Single<CommunityResource>(batch);
        Assert.Equal(new CommunityAliasSpec("no-export", "65535:65281"), Assert.Single(community.Communities));
        var bfd = Single<BfdProfileResource>(batch);
        Assert.Equal(100, bfd.ReceiveInterval);
        Assert.Equal(200, bfd.TransmitInterval);
        Assert.Equal(3, bfd.DetectMultiplier);
        Assert.Equal(50, bfd.EchoInterval);
        Assert.True(bfd.EchoMode);
        Assert.False(bfd.PassiveMode);
        Assert.Equal(254, bfd.MinimumTtl);
    }

    [Fact]
    public void LoadText_Service_MapsEveryField()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
              labels: {app: web}
              annotations:
                metallb.io/address-pool: lab
            spec:
              type: LoadBalancer
              loadBalancerClass: ingot
              clusterIP: 198.51.100.10
              clusterIPs: [198.51.100.10, "2001:db8:ffff::10"]
              ipFamilyPolicy: RequireDualStack
              ipFamilies: [IPv4, IPv6]
              loadBalancerIP: 192.0.2.200
              externalTrafficPolicy: Local
              selector: {app: web}
              ports:
              - {name: http, port: 80, targetPort: 8080}
              - {name: dns, port: 53, protocol: UDP}
            status:
              loadBalancer:
                ingress:
                - ip: 192.0.2.200
                - ip: 2001:db8::200
                - hostname: lb.example.com
            """);

        Assert.Empty(batch.Diagnostics);
        var service = Single<ServiceInfo>(batch);
        Assert.Equal(new ServiceKey("shop", "web"), service.Key);
        Assert.Equal("web", service.Labels["app"]);
        Assert.Equal("lab", service.Annotations["metallb.io/address-pool"]);
        Assert.True(service.IsLoadBalancer);
        Assert.Equal("ingot", service.LoadBalancerClass);
        Assert.Equal(["198.51.100.10", "2001:db8:ffff::10"], service.ClusterIPs);
        Assert.Equal(IpFamilyPolicy.RequireDualStack, service.IpFamilyPolicy);
        Assert.Equal(["IPv4", "IPv6"], service.IpFamilies);
        Assert.Equal("192.0.2.200", service.LoadBalancerIP);
        Assert.Equal(TrafficPolicy.Local, service.ExternalTrafficPolicy);
        Assert.Equal("web", service.Selector["app"]);
        Assert.Equal([new ServicePort("TCP", 80, "http"), new ServicePort("UDP", 53, "dns")], service.Ports);
        Assert.Equal([IPAddress.Parse("192.0.2.200"), IPAddress.Parse("2001:db8::200")], service.StatusAddresses);
    }

    [Fact]
    public void LoadText_ServiceAsKubectlWouldApplyIt_GetsDefaultsTheApiServerWouldFillIn()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Service
            metadata: {name: nginx-service}
            spec:
              selector: {app: nginx}
              ports: [{protocol: TCP, port: 80, targetPort: 80}]
              type: LoadBalancer
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: dual}
            spec: {type: LoadBalancer, ipFamilyPolicy: PreferDualStack}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: plain}
            """);

        var services = batch.Objects.Select(o => o.Value).OfType<ServiceInfo>().ToList();
        Assert.Equal("default", services[0].Namespace);
        Assert.Equal(["0.0.0.0"], services[0].ClusterIPs);
        Assert.Equal(["IPv4"], services[0].IpFamilies);
        Assert.Null(services[0].IpFamilyPolicy);
        Assert.Equal(TrafficPolicy.Cluster, services[0].ExternalTrafficPolicy);
        Assert.Empty(services[0].StatusAddresses);
        Assert.Equal(["0.0.0.0", "::"], services[1].ClusterIPs);
        Assert.Equal("ClusterIP", services[2].Type);
        Assert.False(services[2].IsLoadBalancer);
    }

    [Fact]
    public void LoadText_Node_MapsInternalIPAddressesOnly()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Node
            metadata: {name: node-a}
            status:
              addresses:
              - {type: Hostname, address: node-a}
              - {type: InternalIP, address: 192.0.2.1}
              - {type: ExternalIP, address: 198.51.100.1}
              - {type: InternalIP, address: "2001:db8::1"}
            """);

        Assert.Empty(batch.Diagnostics);
        var node = Single<NodeInfo>(batch);
        Assert.Equal([IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")], node.InternalAddresses);
    }

    [Fact]
    public void LoadText_NodeWithBadInternalIP_NamesTheField()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Node
            metadata: {name: node-a}
            status:
              addresses:
              - {type: InternalIP, address: 192.0.2.300}
            """);

        var error = SingleError(batch);
        Assert.Contains("Node/node-a", error.ToString());
        Assert.Contains("status.addresses[0].address", error.ToString());
        Assert.Contains("192.0.2.300", error.ToString());
    }

    [Fact]
    public void LoadText_NodeNamespaceEndpointSlice_MapEveryField()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Node
            metadata:
              name: node-a
              labels: {kubernetes.io/hostname: node-a}
            status:
              conditions:
              - {type: Ready, status: "False"}
              - {type: NetworkUnavailable, status: "True"}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {team: blue}}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: web-abc
              namespace: shop
              labels: {kubernetes.io/service-name: web}
            addressType: IPv4
            endpoints:
            - addresses: [203.0.113.10]
              nodeName: node-a
              conditions: {ready: true}
            - addresses: [203.0.113.11]
              nodeName: node-b
              conditions: {ready: false, serving: true}
            - addresses: [203.0.113.12]
            """);

        Assert.Empty(batch.Diagnostics);
        var node = Single<NodeInfo>(batch);
        Assert.Equal("node-a", node.Labels["kubernetes.io/hostname"]);
        Assert.False(node.Ready);
        Assert.True(node.NetworkUnavailable);
        var ns = Single<NamespaceInfo>(batch);
        Assert.Equal("blue", ns.Labels["team"]);
        var slice = Single<EndpointSliceInfo>(batch);
        Assert.Equal("shop", slice.Namespace);
        Assert.Equal("web", slice.ServiceName);
        Assert.Equal(3, slice.Endpoints.Count);
        Assert.Equal(["203.0.113.10"], slice.Endpoints[0].Addresses);
        Assert.Equal("node-a", slice.Endpoints[0].NodeName);
        Assert.True(slice.Endpoints[0].Ready);
        Assert.Null(slice.Endpoints[0].Serving);
        Assert.False(slice.Endpoints[1].Ready);
        Assert.True(slice.Endpoints[1].Serving);
        Assert.True(slice.Endpoints[1].CanServe);
        Assert.Null(slice.Endpoints[2].NodeName);
        Assert.True(slice.Endpoints[2].CanServe);
    }

    [Fact]
    public void LoadText_Secret_DecodesDataAndMergesStringData()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Secret
            metadata: {name: bgp-secret, namespace: metallb-system}
            type: kubernetes.io/basic-auth
            data:
              password: czNjcjN0
              username: YWRtaW4=
            stringData:
              username: root
            """);

        Assert.Empty(batch.Diagnostics);
        var secret = Single<SecretResource>(batch);
        Assert.Equal("kubernetes.io/basic-auth", secret.Type);
        Assert.Equal("s3cr3t", secret.Data["password"]);
        Assert.Equal("root", secret.Data["username"]);
    }

    [Fact]
    public void LoadText_SecretWithBadBase64_ErrorNamesField()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Secret
            metadata: {name: bgp-secret}
            data:
              password: "not base64!"
            """);

        Assert.Equal("test.yaml: Secret/bgp-secret: data.password: not valid base64 (line 5)", SingleError(batch).ToString());
        Assert.Contains(new ManifestObjectKey("Secret", "default", "bgp-secret"), batch.Failed);
    }

    [Fact]
    public void LoadText_KindList_ReadsItems()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: one}
            - apiVersion: v1
              kind: Namespace
              metadata: {name: two}
            """);

        Assert.Empty(batch.Diagnostics);
        Assert.Equal(["one", "two"], batch.Objects.Select(o => ((NamespaceInfo)o.Value).Name));
    }

    [Fact]
    public void LoadText_JsonDocument_IsRead()
    {
        var batch = LoadText("""{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "json-ns"}}""", "ns.json");

        Assert.Equal("json-ns", Single<NamespaceInfo>(batch).Name);
    }

    [Fact]
    public void LoadText_UnreadKind_WarnsAndSkips()
    {
        var batch = LoadText("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: nginx-deployment}
            spec: {replicas: 3}
            """);

        Assert.Empty(batch.Objects);
        var warning = Assert.Single(batch.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("test.yaml: Deployment/nginx-deployment: warning: apps/v1 Deployment is not read by Ingot; skipped", warning.ToString());
    }

    [Fact]
    public void LoadText_AsnNotANumber_ErrorNamesFileObjectAndField()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta2
            kind: BGPPeer
            metadata:
              name: router1
            spec:
              myASN: abc
              peerASN: 64512
              peerAddress: 192.0.2.1
            """, "config/bgp.yaml");

        Assert.Equal("config/bgp.yaml: BGPPeer/router1: spec.myASN: expected an integer, got \"abc\" (line 6)", SingleError(batch).ToString());
        Assert.Empty(batch.Objects);
        Assert.Contains(new ManifestObjectKey("BGPPeer", "metallb-system", "router1"), batch.Failed);
    }

    [Fact]
    public void LoadText_AddressesNotAList_ErrorNamesField()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: pool}
            spec:
              addresses: "192.0.2.0/24"
            """);

        var error = SingleError(batch);
        Assert.Equal("IPAddressPool", error.Kind);
        Assert.Equal("pool", error.Name);
        Assert.Equal("test.yaml", error.Origin);
        Assert.Equal("spec.addresses: expected a list, got \"192.0.2.0/24\" (line 5)", error.Message);
    }

    [Theory]
    [InlineData("holdTime: 90", "spec.holdTime: expected a duration such as \"90s\", got the number 90")]
    [InlineData("peerPort: \"179\"", "spec.peerPort: expected an integer, got \"179\"")]
    [InlineData("ebgpMultiHop: maybe", "spec.ebgpMultiHop: expected true or false, got \"maybe\"")]
    [InlineData("nodeSelectors: [rack]", "spec.nodeSelectors[0]: expected a label selector (matchLabels/matchExpressions), got \"rack\"")]
    [InlineData("nodeSelectors: [{matchLabels: [a]}]", "spec.nodeSelectors[0].matchLabels: expected a mapping, got a list")]
    [InlineData("passwordSecret: s", "spec.passwordSecret: expected a mapping, got \"s\"")]
    public void LoadText_WrongFieldShape_ErrorNamesField(string field, string expected)
    {
        var batch = LoadText($"""
            apiVersion: metallb.io/v1beta2
            kind: BGPPeer
            metadata: {"{"}name: router1{"}"}
            spec:
              myASN: 64512
              peerASN: 64513
              peerAddress: 192.0.2.1
              {field}
            """);

        Assert.StartsWith(expected, SingleError(batch).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type: Balancer", "spec.type: unsupported value \"Balancer\"")]
    [InlineData("ipFamilyPolicy: DualStack", "spec.ipFamilyPolicy: unsupported value \"DualStack\"")]
    [InlineData("ipFamilies: [IPv5]", "spec.ipFamilies[0]: unsupported value \"IPv5\"")]
    [InlineData("externalTrafficPolicy: Global", "spec.externalTrafficPolicy: unsupported value \"Global\"")]
    [InlineData("ports: [{port: http}]", "spec.ports[0].port: expected an integer, got \"http\"")]
    [InlineData("ports: [{port: 70000}]", "spec.ports[0].port: 70000 is out of range 1-65535")]
    [InlineData("ports: [{protocol: TCP}]", "spec.ports[0].port: required")]
    [InlineData("ports: [{port: 80, protocol: ICMP}]", "spec.ports[0].protocol: unsupported value \"ICMP\"")]
    [InlineData("selector: [app]", "spec.selector: expected a mapping, got a list")]
    public void LoadText_ServiceWithWrongField_ErrorNamesField(string field, string expected)
    {
        var batch = LoadText($"""
            apiVersion: v1
            kind: Service
            metadata: {"{"}name: web{"}"}
            spec:
              {field}
            """);

        var error = SingleError(batch);
        Assert.Equal("Service", error.Kind);
        Assert.Equal("default/web", error.Name);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(new ManifestObjectKey("Service", "default", "web"), batch.Failed);
    }

    [Fact]
    public void LoadText_StatusIngressNotAnIp_ErrorNamesField()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {type: LoadBalancer}
            status: {loadBalancer: {ingress: [{ip: 192.0.2.300}]}}
            """);

        Assert.Equal("status.loadBalancer.ingress[0].ip: \"192.0.2.300\" is not an IP address (line 5)", SingleError(batch).Message);
    }

    [Fact]
    public void LoadText_YamlSyntaxError_NamesFileAndLine()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: ok}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
             namespace: bad-indent
            """, "manifests/web.yaml");

        var error = SingleError(batch);
        Assert.Equal("manifests/web.yaml", error.Origin);
        Assert.Equal("YAML", error.Kind);
        Assert.Equal("line 9", error.Name);
        Assert.StartsWith("syntax error at line 9, column ", error.Message, StringComparison.Ordinal);
        Assert.Contains("manifests/web.yaml", batch.FailedFiles);
        Assert.Empty(batch.Objects);
    }

    [Fact]
    public void LoadText_MissingNameOrKind_IsAnError()
    {
        var batch = LoadText("""
            apiVersion: v1
            kind: Service
            metadata: {namespace: x}
            ---
            apiVersion: v1
            metadata: {name: y}
            ---
            - just a list
            """);

        var errors = batch.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.Equal(
            [
                "test.yaml: Service/(document 1): metadata.name: required (line 3)",
                "test.yaml: (unknown kind)/y: kind: required (line 5)",
                "test.yaml: YAML/document 3: expected an object (a mapping with apiVersion and kind), got a list (line 8)",
            ],
            errors);
    }

    [Fact]
    public void LoadText_UnservedVersion_IsAnError()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1
            kind: IPAddressPool
            metadata: {name: p}
            spec: {addresses: [192.0.2.0/24]}
            """);

        Assert.Equal("apiVersion: metallb.io/v1 is not a served version of IPAddressPool (line 1)", SingleError(batch).Message);
    }

    [Fact]
    public void LoadText_MisspelledField_Warns()
    {
        var batch = LoadText("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata: {name: p}
            spec:
              adresses: [192.0.2.0/24]
            """);

        var warning = Assert.Single(batch.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("spec.adresses: unknown field, ignored (line 5)", warning.Message);
    }

    [Fact]
    public void Load_Directory_ReadsManifestFilesRecursivelyInOrdinalOrder()
    {
        using var dir = new TempDirectory();
        dir.Write("b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n");
        dir.Write("A.yml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: A}\n");
        dir.Write("sub/c.json", """{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "c"}}""");
        dir.Write("notes.txt", "not: read");
        dir.Write(".hidden.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: hidden}\n");

        var batch = new ManifestLoader("metallb-system").Load([dir.Path]);

        Assert.Empty(batch.Diagnostics);
        Assert.Equal(["A", "b", "c"], batch.Objects.Select(o => o.Key.Name));
        Assert.Equal(dir.File("sub/c.json"), batch.Objects[2].Origin);
    }

    [Fact]
    public void Load_MissingPath_IsAnError()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("nope.yaml");

        var batch = new ManifestLoader("metallb-system").Load([missing]);

        Assert.Equal($"{missing}: File/nope.yaml: no such file or directory", SingleError(batch).ToString());
    }

    [Fact]
    public void Load_SameContent_SameHash_EditedContent_DifferentHash()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
        var loader = new ManifestLoader("metallb-system");

        var first = loader.Load([dir.Path]).ContentHash;
        var again = loader.Load([dir.Path]).ContentHash;
        dir.Write("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n");
        var edited = loader.Load([dir.Path]).ContentHash;

        Assert.Equal(first, again);
        Assert.NotEqual(first, edited);
    }

    [Fact]
    public void LoadText_EndpointSliceWithoutServiceLabel_WarnsAndSkips()
    {
        var batch = LoadText("""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: orphan}
            endpoints: [{addresses: [203.0.113.1]}]
            """);

        Assert.Empty(batch.Objects);
        Assert.Empty(batch.Failed);
        var warning = Assert.Single(batch.Diagnostics);
        Assert.Equal("test.yaml: EndpointSlice/default/orphan: warning: metadata.labels: no kubernetes.io/service-name label: the slice belongs to no Service and is ignored", warning.ToString());
    }
}
