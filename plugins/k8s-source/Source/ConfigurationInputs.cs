using Ingot.Plugins.K8sSource.Mapping;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Plugins.K8sSource.Source;

/// <summary>
/// What the MetalLB configuration is made of, as the informers hold it: the mapped <c>metallb.io</c> objects, the
/// namespace's Secrets, the Nodes and Namespaces. The running source parses it as it is; the admission webhook parses it
/// with one object replaced, added or removed. Both assemble the parser's input here, so they agree on every rule.
/// </summary>
internal sealed record ConfigurationInputs
{
    public required string Namespace { get; init; }

    public IReadOnlyList<MappedResource> MetalLb { get; init; } = [];

    /// <summary>Every Secret of the namespace by <c>namespace/name</c>; only those a BGPPeer names become configuration.</summary>
    public IReadOnlyDictionary<string, SecretResource> Secrets { get; init; } = new Dictionary<string, SecretResource>();

    public IReadOnlyList<NodeInfo> Nodes { get; init; } = [];

    public IReadOnlyList<NamespaceInfo> Namespaces { get; init; } = [];

    /// <summary>The same inputs with the object of <paramref name="kind"/>/<paramref name="name"/> replaced by
    /// <paramref name="replacement"/>, or removed when it is null.</summary>
    public ConfigurationInputs With(string kind, string name, MappedResource? replacement)
    {
        var others = MetalLb.Where(m => !(m.Resource.Kind == kind && m.Resource.Name == name));
        return this with { MetalLb = replacement is null ? [.. others] : [.. others, replacement] };
    }

    /// <summary>The parser's input, in a stable order, and the mapping errors of the objects.</summary>
    public (ConfigurationResources Resources, IReadOnlyList<ConfigurationDiagnostic> MappingErrors) Assemble()
    {
        var mapped = MetalLb.OrderBy(m => m.Resource.Kind, StringComparer.Ordinal).ThenBy(m => m.Resource.Name, StringComparer.Ordinal).ToList();
        var resources = mapped.Select(m => m.Resource).ToList();
        var peers = resources.OfType<BgpPeerResource>().ToList();

        // Only the Secrets a BGPPeer names are configuration; the rest of the namespace's Secrets are none of our business.
        var referenced = peers.Where(p => p.PasswordSecretName is not null)
            .Select(p => (p.PasswordSecretNamespace ?? Namespace) + "/" + p.PasswordSecretName)
            .ToHashSet(StringComparer.Ordinal);
        var secrets = Secrets.Where(kv => referenced.Contains(kv.Key)).Select(kv => kv.Value).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        return (new ConfigurationResources
        {
            MetalLbNamespace = Namespace,
            Pools = [.. resources.OfType<IPAddressPoolResource>()],
            L2Advertisements = [.. resources.OfType<L2AdvertisementResource>()],
            BgpAdvertisements = [.. resources.OfType<BgpAdvertisementResource>()],
            Peers = peers,
            Communities = [.. resources.OfType<CommunityResource>()],
            BfdProfiles = [.. resources.OfType<BfdProfileResource>()],
            Secrets = secrets,
            Nodes = [.. Nodes.OrderBy(n => n.Name, StringComparer.Ordinal)],
            Namespaces = [.. Namespaces.OrderBy(n => n.Name, StringComparer.Ordinal)],
        }, mapped.SelectMany(m => m.Errors).ToList());
    }
}
