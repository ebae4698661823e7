using System.Collections.Immutable;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>
/// Turns a <see cref="ManifestBatch"/> into a <see cref="ManifestSnapshot"/>: merges duplicate definitions, fills in what
/// the API server would (this node when there are no Node objects, namespaces Services live in), and validates the
/// MetalLB configuration with the SDK's one parser. Pure: no I/O.
/// </summary>
internal sealed class ManifestSnapshotBuilder
{
    private readonly string _metalLbNamespace;
    private readonly string _nodeName;

    public ManifestSnapshotBuilder(string metalLbNamespace, string nodeName)
    {
        _metalLbNamespace = metalLbNamespace;
        _nodeName = nodeName;
    }

    /// <summary>Builds the snapshot.</summary>
    /// <param name="batch">What was read.</param>
    /// <param name="lastGood">
    /// The objects of the previous snapshot, or null. A Service, Node, EndpointSlice or Namespace that can no longer be read
    /// (a wrong field, or a file with a YAML syntax error) keeps its last good version, so a half-saved edit never releases
    /// a Service's address. The MetalLB configuration is all or nothing: the caller keeps the last good one.
    /// </param>
    public ManifestSnapshot Build(ManifestBatch batch, IReadOnlyDictionary<ManifestObjectKey, ManifestObject>? lastGood = null)
    {
        var diagnostics = new List<ConfigurationDiagnostic>(batch.Diagnostics);
        var objects = new Dictionary<ManifestObjectKey, ManifestObject>();
        var order = new List<ManifestObjectKey>();
        foreach (var obj in batch.Objects)
        {
            if (objects.TryGetValue(obj.Key, out var earlier))
            {
                diagnostics.Add(new ConfigurationDiagnostic
                {
                    Severity = DiagnosticSeverity.Warning,
                    Kind = obj.Key.Kind,
                    Name = ManifestObjectMapper.DisplayName(obj.Key),
                    Origin = obj.Origin,
                    Message = $"defined again (first in {earlier.Origin}); this later definition wins, as with kubectl apply",
                });
            }
            else
            {
                order.Add(obj.Key);
            }

            objects[obj.Key] = obj;
        }

        if (lastGood is not null)
        {
            foreach (var (key, obj) in lastGood)
            {
                if (!objects.ContainsKey(key) && !obj.IsConfiguration
                    && (batch.Failed.Contains(key) || batch.FailedFiles.Contains(obj.Origin)))
                {
                    objects[key] = obj;
                    order.Add(key);
                }
            }
        }

        var ordered = order.Select(k => objects[k]).ToList();
        var services = ordered.Select(o => o.Value).OfType<ServiceInfo>().ToList();
        var slices = ordered.Select(o => o.Value).OfType<EndpointSliceInfo>().ToList();
        var nodes = ordered.Select(o => o.Value).OfType<NodeInfo>().ToList();
        if (nodes.Count == 0)
        {
            // Without Node objects the file source describes a one-node world: this node, Ready.
            nodes.Add(new NodeInfo
            {
                Name = _nodeName,
                Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("kubernetes.io/hostname", _nodeName)]),
                Conditions = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("Ready", "True")]),
            });
        }

        var namespaces = ordered.Select(o => o.Value).OfType<NamespaceInfo>().ToList();
        var declared = namespaces.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var ns in services.Select(s => s.Namespace).Concat(slices.Select(s => s.Namespace)).Prepend("default"))
        {
            // The API server only holds objects in namespaces that exist; a manifest set that leaves them implicit means them.
            if (declared.Add(ns))
            {
                namespaces.Add(new NamespaceInfo { Name = ns });
            }
        }

        // Every definition is inspected, also one a later definition replaces: the user wrote it and wants to know.
        foreach (var obj in batch.Objects)
        {
            if (obj.Value is ServiceInfo service)
            {
                diagnostics.AddRange(ServiceInspector.Inspect(service).Select(d => d with { Origin = obj.Origin }));
            }
        }

        var resources = new ConfigurationResources
        {
            MetalLbNamespace = _metalLbNamespace,
            Pools = [.. ordered.Select(o => o.Value).OfType<IPAddressPoolResource>()],
            L2Advertisements = [.. ordered.Select(o => o.Value).OfType<L2AdvertisementResource>()],
            BgpAdvertisements = [.. ordered.Select(o => o.Value).OfType<BgpAdvertisementResource>()],
            Peers = [.. ordered.Select(o => o.Value).OfType<BgpPeerResource>()],
            Communities = [.. ordered.Select(o => o.Value).OfType<CommunityResource>()],
            BfdProfiles = [.. ordered.Select(o => o.Value).OfType<BfdProfileResource>()],
            Secrets = [.. ordered.Select(o => o.Value).OfType<SecretResource>()],
            Nodes = nodes,
            Namespaces = namespaces,
        };

        var parsed = MetalLbConfigurationParser.Parse(resources);
        diagnostics.AddRange(parsed.Diagnostics.Select(d => d.Origin is null ? d with { Origin = OriginOf(objects, d) } : d));

        // Errors in Services, Nodes, EndpointSlices and Namespaces do not refuse the configuration; anything else may have
        // been (or held) configuration, so it does.
        var configurationErrors = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && !IsClusterObjectKind(d.Kind))
            .ToList();
        return new ManifestSnapshot
        {
            Objects = objects,
            Cluster = new ClusterState
            {
                Services = services,
                Nodes = nodes,
                EndpointSlices = slices,
                Namespaces = namespaces,
            },
            Configuration = configurationErrors.Count == 0 ? parsed.Configuration : null,
            ConfigurationErrors = configurationErrors.Count == 0 && !parsed.IsValid ? [.. parsed.Errors] : configurationErrors,
            Diagnostics = diagnostics,
        };
    }

    private static bool IsClusterObjectKind(string kind)
        => kind is ManifestKinds.Service or ManifestKinds.Node or ManifestKinds.Namespace or ManifestKinds.EndpointSlice;

    private static string? OriginOf(Dictionary<ManifestObjectKey, ManifestObject> objects, ConfigurationDiagnostic d)
        => objects.Values.FirstOrDefault(o => o.Key.Kind == d.Kind && o.Key.Name == d.Name)?.Origin;
}
