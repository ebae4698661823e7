using Ingot.Sdk.Configuration;
using YamlDotNet.RepresentationModel;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>
/// Maps one YAML document (an object, or a <c>kind: List</c> of them) to SDK types. Kinds Ingot does not read are skipped
/// with a warning; objects with a field of the wrong shape are reported and left out (their key is recorded so a watcher
/// can keep the last good version).
/// </summary>
internal sealed class ManifestObjectMapper
{
    private readonly string _metalLbNamespace;

    public ManifestObjectMapper(string metalLbNamespace) => _metalLbNamespace = metalLbNamespace;

    public void Map(YamlNode root, string origin, int document, ManifestBatch batch)
    {
        if (ObjectReader.IsNull(root))
        {
            return; // an empty document, e.g. a trailing "---"
        }

        if (root is not YamlMappingNode map)
        {
            batch.Diagnostics.Add(new ConfigurationDiagnostic
            {
                Kind = "YAML",
                Name = $"document {document}",
                Origin = origin,
                Message = $"expected an object (a mapping with apiVersion and kind), got {ObjectReader.Describe(root)} (line {root.Start.Line})",
            });
            return;
        }

        var apiVersion = (ObjectReader.Child(map, "apiVersion") as YamlScalarNode)?.Value;
        var kind = (ObjectReader.Child(map, "kind") as YamlScalarNode)?.Value;
        var metadata = ObjectReader.Child(map, "metadata") as YamlMappingNode;
        var name = (ObjectReader.Child(metadata, "name") as YamlScalarNode)?.Value;
        var givenNamespace = (ObjectReader.Child(metadata, "namespace") as YamlScalarNode)?.Value;
        var displayName = name is null
            ? $"(document {document})"
            : DisplayName(new ManifestObjectKey(kind ?? string.Empty, string.IsNullOrEmpty(givenNamespace) ? "default" : givenNamespace, name));
        var reader = new ObjectReader(origin, kind ?? "(unknown kind)", displayName, batch.Diagnostics);

        if (kind is null || apiVersion is null)
        {
            reader.Error(kind is null ? "kind" : "apiVersion", map, "required");
            return;
        }

        if (kind == "List" && apiVersion == "v1")
        {
            var items = reader.Sequence(map, "items", "items");
            for (var i = 0; items is not null && i < items.Children.Count; i++)
            {
                Map(items.Children[i], origin, document, batch);
            }

            return;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        if (!IsRead(group, kind))
        {
            reader.Warning(string.Empty, null, $"{apiVersion} {kind} is not read by Ingot; skipped");
            return;
        }

        if (!IsServedVersion(group, kind, version))
        {
            reader.Error("apiVersion", map, $"{apiVersion} is not a served version of {kind}");
            return;
        }

        if (metadata is null)
        {
            reader.Error("metadata", map, ObjectReader.Child(map, "metadata") is null ? "required" : "expected a mapping");
            return;
        }

        var metaName = reader.String(metadata, "name", "metadata.name");
        if (string.IsNullOrEmpty(metaName))
        {
            reader.Error("metadata.name", metadata, "required");
            return;
        }

        var isMetalLb = group == ManifestKinds.MetalLbGroup;
        var clusterScoped = kind is ManifestKinds.Node or ManifestKinds.Namespace;
        var ns = clusterScoped
            ? string.Empty
            : reader.String(metadata, "namespace", "metadata.namespace") is { Length: > 0 } given
                ? given
                : isMetalLb ? _metalLbNamespace : "default";
        var labels = reader.StringMap(metadata, "labels", "metadata.labels");
        var annotations = reader.StringMap(metadata, "annotations", "metadata.annotations");
        var meta = new ObjectMetadata(metaName, ns, labels, annotations, origin);

        object? value = kind switch
        {
            ManifestKinds.Service => CoreObjectMapping.Service(reader, map, meta),
            ManifestKinds.Node => CoreObjectMapping.Node(reader, map, meta),
            ManifestKinds.Namespace => CoreObjectMapping.Namespace(meta),
            ManifestKinds.EndpointSlice => CoreObjectMapping.EndpointSlice(reader, map, meta),
            ManifestKinds.Secret => CoreObjectMapping.Secret(reader, map, meta),
            ManifestKinds.IPAddressPool => MetalLbObjectMapping.Pool(reader, map, meta),
            ManifestKinds.L2Advertisement => MetalLbObjectMapping.L2Advertisement(reader, map, meta),
            ManifestKinds.BgpAdvertisement => MetalLbObjectMapping.BgpAdvertisement(reader, map, meta),
            ManifestKinds.BgpPeer => MetalLbObjectMapping.Peer(reader, map, meta, version),
            ManifestKinds.Community => MetalLbObjectMapping.Community(reader, map, meta),
            ManifestKinds.BfdProfile => MetalLbObjectMapping.BfdProfile(reader, map, meta),
            _ => null,
        };

        var key = new ManifestObjectKey(kind, ns, metaName);
        if (reader.HasErrors)
        {
            batch.Failed.Add(key);
            return;
        }

        if (value is null)
        {
            return; // deliberately skipped, with a warning already given
        }

        batch.Objects.Add(new ManifestObject(key, value, origin));
    }

    /// <summary>
    /// How diagnostics name an object: <c>namespace/name</c> for Services and EndpointSlices, which users have in many
    /// namespaces (as <c>ServiceInspector</c> names them); the bare name for MetalLB objects, which all live in one.
    /// </summary>
    public static string DisplayName(ManifestObjectKey key)
        => key.Kind is ManifestKinds.Service or ManifestKinds.EndpointSlice ? $"{key.Namespace}/{key.Name}" : key.Name;

    private static bool IsRead(string group, string kind) => (group, kind) switch
    {
        ("", ManifestKinds.Service or ManifestKinds.Node or ManifestKinds.Namespace or ManifestKinds.Secret) => true,
        ("discovery.k8s.io", ManifestKinds.EndpointSlice) => true,
        (ManifestKinds.MetalLbGroup, ManifestKinds.IPAddressPool or ManifestKinds.L2Advertisement
            or ManifestKinds.BgpAdvertisement or ManifestKinds.BgpPeer or ManifestKinds.Community
            or ManifestKinds.BfdProfile) => true,
        _ => false,
    };

    private static bool IsServedVersion(string group, string kind, string version) => group switch
    {
        "" => version == "v1",
        "discovery.k8s.io" => version == "v1",
        _ => version == "v1beta1" || (kind == ManifestKinds.BgpPeer && version == "v1beta2"),
    };
}
