namespace Ingot.Plugins.K8sSource.Tests;

/// <summary>JSON manifests for the fake API server.</summary>
internal static class TestObjects
{
    public static string Service(string ns, string name, string type = "LoadBalancer", string clusterIP = "10.96.0.10", string? lbClass = null, string labels = "{}", string annotations = "{}") => $$$"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{{{labels}}},"annotations":{{{annotations}}}},
         "spec":{"type":"{{{type}}}","clusterIP":"{{{clusterIP}}}","clusterIPs":["{{{clusterIP}}}"],"ipFamilies":["{{{(clusterIP.Contains(':', StringComparison.Ordinal) ? "IPv6" : "IPv4")}}}"],"ipFamilyPolicy":"SingleStack",
                 {{{(lbClass is null ? string.Empty : "\"loadBalancerClass\":\"" + lbClass + "\",")}}}
                 "ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"{{{name}}}"},"externalTrafficPolicy":"Cluster"}}
        """;

    public static string EndpointSlice(string ns, string name, string service, string node) => $$$"""
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{"kubernetes.io/service-name":"{{{service}}}"}},
         "addressType":"IPv4","endpoints":[{"addresses":["10.244.0.5"],"nodeName":"{{{node}}}","conditions":{"ready":true,"serving":true}}],
         "ports":[{"name":"http","port":8080,"protocol":"TCP"}]}
        """;

    public static string Node(string name, string labels = "{}") => $$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{name}}}","labels":{{{labels}}}},
         "status":{"conditions":[{"type":"Ready","status":"True"},{"type":"NetworkUnavailable","status":"False"}]}}
        """;

    public static string Namespace(string name, string labels = "{}") => $$$"""
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}","labels":{{{labels}}}}}
        """;

    public static string Pool(string ns, string name, string addresses, bool autoAssign = true) => $$$"""
        {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"addresses":[{{{addresses}}}],"autoAssign":{{{(autoAssign ? "true" : "false")}}}}}
        """;

    public static string L2Advertisement(string ns, string name) => $$$"""
        {"apiVersion":"metallb.io/v1beta1","kind":"L2Advertisement","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{}}
        """;

    public static string BgpPeerV1Beta1(string ns, string name) => $$$"""
        {"apiVersion":"metallb.io/v1beta1","kind":"BGPPeer","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"myASN":64512,"peerASN":64513,"peerAddress":"192.0.2.254","holdTime":"90s"}}
        """;

    public static string BgpPeer(string ns, string name, string? passwordSecret = null) => $$$"""
        {"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"myASN":64512,"peerASN":64513,"peerAddress":"192.0.2.254"{{{SecretRef(ns, passwordSecret)}}}}}
        """;

    public static string Secret(string ns, string name, string password) => $$$"""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"type":"kubernetes.io/basic-auth",
         "data":{"password":"{{{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(password))}}}"}}
        """;

    private static string SecretRef(string ns, string? name)
        => name is null ? string.Empty : ",\"passwordSecret\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\"}";
}
