using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Bench.Ipam;

/// <summary>
/// The reference the benchmark compares against: MetalLB's way of finding an address (<c>getIPFromCIDR</c>), which walks
/// each CIDR from its first address and tests every address until one is free or shareable. Same pool order, sharing and
/// family rules as Ingot for this workload (fresh allocation, no holders), so both must give identical answers.
/// </summary>
internal sealed class NaiveAllocator
{
    private readonly Dictionary<(bool V6, UInt128 Value), Use> _used = [];

    public Dictionary<ServiceKey, (string[] Addresses, string? Pool)> Run(
        MetalLbConfiguration configuration, ServiceInfo[] services, TimeSpan budget, out int processed)
    {
        var pools = configuration.Pools.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
        var unrestricted = pools.Where(p => p.AutoAssign && p.Allocation is null).ToArray();
        var result = new Dictionary<ServiceKey, (string[], string?)>();
        // The budget is CPU time, so that a busy machine stops the run at the same amount of work.
        var self = System.Diagnostics.Process.GetCurrentProcess();
        var cpuStart = self.TotalProcessorTime;
        processed = 0;
        foreach (var service in services.OrderBy(s => s.Key))
        {
            if (processed % 1000 == 0)
            {
                self.Refresh();
                if (self.TotalProcessorTime - cpuStart > budget)
                {
                    break;
                }
            }

            processed++;
            var dual = service.ClusterIPs.Count == 2;
            var v6 = !dual && service.ClusterIPs[0].Contains(':', StringComparison.Ordinal);
            var key = service.Annotations.TryGetValue("metallb.io/allow-shared-ip", out var k) ? k : "";
            var ports = service.Ports.Select(p => (p.Protocol, p.Port)).ToArray();
            var pinned = pools
                .Where(p => p.Allocation is { } a && p.AutoAssign
                    && (a.Namespaces.Contains(service.Namespace) || a.ServiceSelectors.Count > 0)
                    && (a.Namespaces.Count == 0 || a.Namespaces.Contains(service.Namespace))
                    && (a.ServiceSelectors.Count == 0 || a.ServiceSelectors.Any(s => s.Matches(service.Labels))))
                .OrderBy(p => p.Allocation!.Priority > 0 ? 0 : 1).ThenBy(p => p.Allocation!.Priority)
                .ToArray();
            result[service.Key] = ([], null);
            foreach (var phase in new[] { pinned, unrestricted })
            {
                if (TryPhase(phase, dual, v6, key, ports, service.Key, out var addresses, out var pool))
                {
                    result[service.Key] = (addresses, pool);
                    break;
                }
            }
        }

        return result;
    }

    private bool TryPhase(AddressPool[] pools, bool dual, bool v6, string key, (string, int)[] ports, ServiceKey owner,
        out string[] addresses, out string? pool)
    {
        foreach (var candidate in pools)
        {
            (bool, UInt128)? a4 = dual || !v6 ? Scan(candidate, false, key, ports) : null;
            (bool, UInt128)? a6 = dual || v6 ? Scan(candidate, true, key, ports) : null;
            if (dual ? a4 is null || a6 is null : (v6 ? a6 : a4) is null)
            {
                continue;
            }

            var chosen = new List<(bool, UInt128)>();
            if (a4 is { } x)
            {
                chosen.Add(x);
            }

            if (a6 is { } y)
            {
                chosen.Add(y);
            }

            foreach (var address in chosen)
            {
                if (!_used.TryGetValue(address, out var use))
                {
                    use = new Use(key);
                    _used[address] = use;
                }

                foreach (var port in ports)
                {
                    use.Ports.Add(port);
                }

                use.Owners.Add(owner);
            }

            addresses = chosen.Select(Format).ToArray();
            pool = candidate.Name;
            return true;
        }

        addresses = [];
        pool = null;
        return false;
    }

    /// <summary>Address by address from the start of each CIDR of the family.</summary>
    private (bool, UInt128)? Scan(AddressPool pool, bool v6, string key, (string, int)[] ports)
    {
        foreach (var cidr in pool.Cidrs)
        {
            if ((cidr.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6) != v6)
            {
                continue;
            }

            var hostBits = (v6 ? 128 : 32) - cidr.PrefixLength;
            var first = ToValue(cidr.BaseAddress);
            var last = first | ((UInt128.One << hostBits) - 1);
            for (var value = first; ; value++)
            {
                var address = (v6, value);
                if (!_used.TryGetValue(address, out var use)
                    || (key.Length > 0 && use.Key == key && !ports.Any(use.Ports.Contains)))
                {
                    return address;
                }

                if (value == last)
                {
                    break;
                }
            }
        }

        return null;
    }

    private static UInt128 ToValue(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static string Format((bool V6, UInt128 Value) address)
    {
        if (!address.V6)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)address.Value);
            return new IPAddress(v4).ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, address.Value);
        return new IPAddress(bytes).ToString();
    }

    private sealed class Use(string key)
    {
        public string Key { get; } = key;

        public HashSet<(string, int)> Ports { get; } = [];

        public List<ServiceKey> Owners { get; } = [];
    }
}
