using Ingot.Plugins.K8sSource.Client;

namespace Ingot.Plugins.K8sSource.Tests.Client;

public sealed class ApiRequestDescriptionTests
{
    [Theory]
    [InlineData("GET", "/api/v1/services?limit=500", "list of services")]
    [InlineData("GET", "/api/v1/services?allowWatchBookmarks=true&watch=true", "watch of services")]
    [InlineData("GET", "/api/v1/namespaces", "list of namespaces")]
    [InlineData("GET", "/api/v1/namespaces/default", "get of namespaces default")]
    [InlineData("GET", "/api/v1/namespaces/metallb-system/secrets?watch=1", "watch of secrets in metallb-system")]
    [InlineData("GET", "/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools?watch=true", "watch of ipaddresspools.metallb.io in metallb-system")]
    [InlineData("PATCH", "/api/v1/namespaces/default/services/web/status", "patch of services/status web in default")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/metallb-system/leases/ingot-allocation", "update of leases.coordination.k8s.io ingot-allocation in metallb-system")]
    [InlineData("GET", "/version", "GET /version")]
    public void Of_RequestPath_NamesVerbResourceObjectAndNamespace(string method, string pathAndQuery, string expected)
        => Assert.Equal(expected, ApiRequestDescription.Of(new HttpMethod(method), new Uri("https://127.0.0.1:6443" + pathAndQuery)));
}
