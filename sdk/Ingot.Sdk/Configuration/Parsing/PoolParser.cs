using System.Collections.Immutable;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>IPAddressPools (MetalLB <c>poolsFor</c> / <c>addressPoolFromCR</c>).</summary>
internal static class PoolParser
{
    /// <summary>Parses the pools; returns those that parsed, by name, in the order written.</summary>
    public static List<PoolDraft> Parse(ParseContext context)
    {
        var pools = context.InScope(context.Resources.Pools);
        var result = new List<PoolDraft>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var allCidrs = new CidrIndex();
        foreach (var resource in pools)
        {
            var pool = ParseOne(context, resource);
            if (pool is null)
            {
                continue;
            }

            if (!names.Add(resource.Name))
            {
                context.Diagnostics.Error(resource, $"duplicate definition of pool \"{resource.Name}\"");
                continue;
            }

            // Every CIDR is checked against every CIDR before it, in this pool and in earlier ones; the first overlap
            // of a pool is reported (MetalLB stops there too).
            var overlap = false;
            foreach (var cidr in pool.Cidrs)
            {
                if (allCidrs.FirstOverlap(cidr) is { } other)
                {
                    context.Diagnostics.Error(
                        resource, $"CIDR \"{cidr}\" in pool \"{resource.Name}\" overlaps with already defined CIDR \"{other}\"");
                    overlap = true;
                    break;
                }

                allCidrs.Add(cidr);
            }

            if (!overlap)
            {
                result.Add(pool);
            }
        }

        return result;
    }

    private static PoolDraft? ParseOne(ParseContext context, IPAddressPoolResource resource)
    {
        var diagnostics = context.Diagnostics;
        if (string.IsNullOrEmpty(resource.Name))
        {
            diagnostics.Error(resource, "missing pool name");
            return null;
        }

        if (resource.Addresses.Count == 0)
        {
            diagnostics.Error(resource, "pool has no prefixes defined");
            return null;
        }

        var pool = new PoolDraft(resource);
        var ok = true;
        foreach (var entry in resource.Addresses)
        {
            if (!AddressRangeParser.TryParse(entry, out var networks, out var error))
            {
                diagnostics.Error(resource, $"invalid CIDR \"{entry}\" in pool \"{resource.Name}\": {error}");
                ok = false;
                continue;
            }

            pool.Cidrs.AddRange(networks);
            pool.Entries.Add((entry, networks));
        }

        if (resource.ServiceAllocation is { } spec)
        {
            if (!TryParseAllocation(context, resource, spec, out var allocation))
            {
                ok = false;
            }

            pool.Allocation = allocation;
        }

        return ok ? pool : null;
    }

    private static bool TryParseAllocation(
        ParseContext context, IPAddressPoolResource resource, ServiceAllocationSpec spec, out ServiceAllocationPolicy? policy)
    {
        policy = null;
        var diagnostics = context.Diagnostics;
        if (spec.Priority is < int.MinValue or > int.MaxValue)
        {
            diagnostics.Error(resource, $"spec.serviceAllocation.priority: {spec.Priority} is out of range");
            return false;
        }

        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in spec.Namespaces)
        {
            if (!namespaces.Add(ns))
            {
                diagnostics.Error(resource, "duplicate definition in namespaces field");
                return false;
            }
        }

        // MetalLB: a serviceAllocation naming no namespace and no selector pins the pool to every Service (priority only).
        if (namespaces.Count == 0 && spec.NamespaceSelectors.Count == 0 && spec.ServiceSelectors.Count == 0)
        {
            policy = new ServiceAllocationPolicy
            {
                Priority = (int)spec.Priority,
                Namespaces = ImmutableHashSet<string>.Empty,
                ServiceSelectors = [LabelSelector.Everything],
            };
            return true;
        }

        var problem = SelectorValidator.Validate(
                spec.NamespaceSelectors, "namespaceSelectors", "spec.serviceAllocation.namespaceSelectors")
            ?? SelectorValidator.Validate(spec.ServiceSelectors, "serviceSelectors", "spec.serviceAllocation.serviceSelectors");
        if (problem is not null)
        {
            diagnostics.Error(resource, problem);
            return false;
        }

        foreach (var selector in spec.NamespaceSelectors)
        {
            foreach (var ns in context.Resources.Namespaces)
            {
                if (selector.Matches(ns.Labels))
                {
                    namespaces.Add(ns.Name);
                }
            }
        }

        policy = new ServiceAllocationPolicy
        {
            Priority = (int)spec.Priority,
            Namespaces = namespaces.ToImmutableHashSet(StringComparer.Ordinal),
            ServiceSelectors = [.. spec.ServiceSelectors],
        };
        return true;
    }
}
