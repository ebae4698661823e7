using System.Globalization;
using Ingot.Plugins.Ipam.Addressing;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>
/// What one LoadBalancer Service asks of the allocator, read once from its spec, annotations and status with MetalLB's
/// rules (<c>controller/service.go</c>, <c>k8salloc</c>, <c>ipfamily</c>).
/// </summary>
internal sealed class ServiceRequest
{
    private const string AddressPool = "metallb.io/address-pool";
    private const string LegacyAddressPool = "metallb.universe.tf/address-pool";
    private const string LoadBalancerIPs = "metallb.io/loadBalancerIPs";
    private const string LegacyLoadBalancerIPs = "metallb.universe.tf/loadBalancerIPs";
    private const string AllowSharedIP = "metallb.io/allow-shared-ip";
    private const string LegacyAllowSharedIP = "metallb.universe.tf/allow-shared-ip";

    private ServiceRequest(ServiceInfo info)
    {
        Info = info;
        Key = info.Key;
    }

    public ServiceInfo Info { get; }

    public ServiceKey Key { get; }

    /// <summary>The family of the clusterIPs; null when <see cref="ClusterIPError"/> says why there is none.</summary>
    public IpFamily? Family { get; private init; }

    public string? ClusterIPError { get; private init; }

    public int ClusterIPCount => Info.ClusterIPs.Count;

    public IpFamilyPolicy Policy => Info.IpFamilyPolicy ?? IpFamilyPolicy.SingleStack;

    /// <summary>The family preferred for a partial PreferDualStack allocation: IPv6 only when ipFamilies[0] says so.</summary>
    public IpFamily PrimaryFamily { get; private init; }

    public IReadOnlyList<PortKey> Ports { get; private init; } = [];

    public string SharingKey { get; private init; } = "";

    public string BackendKey { get; private init; } = "";

    /// <summary>The addresses the Service holds now (status), as written.</summary>
    public IReadOnlyList<Address128> Current { get; private init; } = [];

    /// <summary>Requested addresses (<c>metallb.io/loadBalancerIPs</c> or <c>spec.loadBalancerIP</c>), in the user's order.</summary>
    public IReadOnlyList<Address128> Desired { get; private init; } = [];

    public IpFamily? DesiredFamily { get; private init; }

    /// <summary>Why the requested addresses cannot be read, or null.</summary>
    public string? DesiredError { get; private init; }

    /// <summary>The <c>metallb.io/address-pool</c> annotation, or null when absent or empty.</summary>
    public string? DesiredPool { get; private init; }

    public static ServiceRequest From(ServiceInfo info)
    {
        var (family, clusterError) = ReadClusterFamily(info.ClusterIPs);
        var (desired, desiredFamily, desiredError) = ReadDesired(info);
        var pool = Annotation(info, AddressPool, LegacyAddressPool);
        var ports = new PortKey[info.Ports.Count];
        for (var i = 0; i < ports.Length; i++)
        {
            ports[i] = new PortKey(info.Ports[i].Protocol, info.Ports[i].Port);
        }

        var current = info.StatusAddresses.Count == 0 ? [] : new Address128[info.StatusAddresses.Count];
        for (var i = 0; i < current.Length; i++)
        {
            current[i] = Address128.From(info.StatusAddresses[i]);
        }

        return new ServiceRequest(info)
        {
            Family = family,
            ClusterIPError = clusterError,
            PrimaryFamily = info.IpFamilies.Count > 0 && info.IpFamilies[0] == "IPv6" ? IpFamily.IPv6 : IpFamily.IPv4,
            Ports = ports,
            SharingKey = Annotation(info, AllowSharedIP, LegacyAllowSharedIP) ?? "",
            BackendKey = BackendKeyOf(info),
            Current = current,
            Desired = desired,
            DesiredFamily = desiredFamily,
            DesiredError = desiredError,
            DesiredPool = string.IsNullOrEmpty(pool) ? null : pool,
        };
    }

    /// <summary>
    /// <see cref="ServiceInfo.GetMetalLbAnnotation"/>'s rule (the <c>metallb.io/</c> key wins if present, even empty) with
    /// the keys spelled out, so that reading a Service allocates nothing.
    /// </summary>
    private static string? Annotation(ServiceInfo info, string key, string legacyKey)
    {
        if (info.Annotations.Count == 0)
        {
            return null;
        }

        return info.Annotations.TryGetValue(key, out var value) ? value
            : info.Annotations.TryGetValue(legacyKey, out value) ? value : null;
    }

    /// <summary>MetalLB's <c>ipfamily.ForAddresses</c> over a list of addresses: one, or two of different families.</summary>
    public static IpFamily? FamilyOf(IReadOnlyList<Address128> addresses) => addresses.Count switch
    {
        1 => addresses[0].Family,
        2 when addresses[0].IsIPv6 != addresses[1].IsIPv6 => IpFamily.DualStack,
        _ => null,
    };

    /// <summary>
    /// Sharing needs the same backends: with externalTrafficPolicy Local the Service selector in Kubernetes' sorted
    /// <c>k=v,…</c> form, with Cluster nothing (any backends may share).
    /// </summary>
    private static string BackendKeyOf(ServiceInfo info)
    {
        if (info.ExternalTrafficPolicy != TrafficPolicy.Local)
        {
            return "";
        }

        return string.Join(",", info.Selector
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value));
    }

    private static (IpFamily? Family, string? Error) ReadClusterFamily(IReadOnlyList<string> clusterIPs)
    {
        if (clusterIPs.Count == 0)
        {
            return (null, "Service has no clusterIPs, so its IP family is unknown");
        }

        var parsed = new Address128[clusterIPs.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            if (!AddressText.TryParse(clusterIPs[i], out parsed[i]))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"invalid clusterIP \"{clusterIPs[i]}\": cannot determine the Service's IP family"));
            }
        }

        return FamilyOf(parsed) is { } family
            ? (family, null)
            : (null, $"invalid clusterIPs [{string.Join(" ", clusterIPs)}]: expected one address, or two of different families");
    }

    private static (Address128[] Desired, IpFamily? Family, string? Error) ReadDesired(ServiceInfo info)
    {
        var annotation = Annotation(info, LoadBalancerIPs, LegacyLoadBalancerIPs) ?? "";
        var spec = info.LoadBalancerIP ?? "";
        if (annotation.Length == 0 && spec.Length == 0)
        {
            return ([], null, null);
        }

        if (annotation.Length != 0 && spec.Length != 0)
        {
            return ([], null, "service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP");
        }

        if (annotation.Length != 0)
        {
            var addresses = new List<Address128>();
            foreach (var part in annotation.Split(','))
            {
                if (!AddressText.TryParse(part.Trim(), out var address))
                {
                    return ([], null, $"invalid metallb.io/loadBalancerIPs: \"{annotation}\"");
                }

                addresses.Add(address);
            }

            return FamilyOf(addresses) is { } family
                ? (addresses.ToArray(), family, null)
                : ([], null, $"invalid metallb.io/loadBalancerIPs: \"{annotation}\": expected one address, or two of different families");
        }

        return AddressText.TryParse(spec, out var single)
            ? ([single], single.Family, null)
            : ([], null, $"invalid spec.loadBalancerIP \"{spec}\"");
    }
}
