namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>A request path split the way the API server routes it:
/// <c>/api/v1[/namespaces/NS]/PLURAL[/NAME[/SUB]]</c> or <c>/apis/GROUP/VERSION[/namespaces/NS]/PLURAL[/NAME[/SUB]]</c>.</summary>
public sealed record ApiPath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    /// <summary>Parses a path; null when it is not a resource path.</summary>
    public static ApiPath? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int i;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            group = string.Empty;
            version = segments[1];
            i = 2;
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            group = segments[1];
            version = segments[2];
            i = 3;
        }
        else
        {
            return null;
        }

        var rest = segments[i..];
        string? ns = null;

        // "namespaces/NS/PLURAL..." is a namespaced resource; "namespaces[/NAME]" is the Namespace resource itself.
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            ns = rest[1];
            rest = rest[2..];
        }

        return rest.Length switch
        {
            1 => new ApiPath(group, version, ns, rest[0], null, null),
            2 => new ApiPath(group, version, ns, rest[0], rest[1], null),
            3 => new ApiPath(group, version, ns, rest[0], rest[1], rest[2]),
            _ => null,
        };
    }
}
