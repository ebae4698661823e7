namespace Ingot.Plugins.K8sSource.Client;

/// <summary>Names a request to the API server the way a user reads it (<c>watch of ipaddresspools.metallb.io in
/// metallb-system</c>), from its method and path alone, so errors say which resource sent the bad answer.</summary>
internal static class ApiRequestDescription
{
    /// <summary>True for a streamed watch (<c>?watch=true</c>), whose body is one JSON event per line.</summary>
    public static bool IsWatch(Uri? uri)
        => uri is not null && uri.Query.TrimStart('?').Split('&').Any(p => p is "watch=true" or "watch=1");

    public static string Of(HttpMethod method, Uri? uri)
    {
        var segments = (uri?.AbsolutePath ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);

        // /api/v1/... or /apis/{group}/{version}/...
        var (group, rest) = segments switch
        {
            ["api", _, .. var r] => (string.Empty, r),
            ["apis", var g, _, .. var r] => (g, r),
            _ => (string.Empty, Array.Empty<string>()),
        };
        if (rest.Length == 0)
        {
            return $"{method.Method} {uri?.AbsolutePath}";
        }

        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }

        var resource = group.Length == 0 ? rest[0] : rest[0] + "." + group;
        if (rest.Length > 2)
        {
            resource += "/" + rest[2];
        }

        var name = rest.Length > 1 ? rest[1] : null;
        var verb = method.Method switch
        {
            "GET" when name is not null => "get",
            "GET" when IsWatch(uri) => "watch",
            "GET" => "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            var other => other,
        };
        var what = name is null ? $"{verb} of {resource}" : $"{verb} of {resource} {name}";
        return ns is null ? what : $"{what} in {ns}";
    }
}
