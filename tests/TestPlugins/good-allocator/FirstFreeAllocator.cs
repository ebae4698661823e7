using System.Diagnostics.Metrics;
using System.Net;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;

namespace TestPlugins.GoodAllocator;

/// <summary>
/// Keeps every Service's status addresses and gives the others the first free address of the first pool. Reports
/// <c>test_pool_addresses_in_use{pool}</c> through a BCL Meter, which the host must export under exactly that name.
/// </summary>
internal sealed class FirstFreeAllocator : IAddressAllocator, IDisposable
{
    private readonly Meter _meter = new("TestPlugins.GoodAllocator");
    private volatile AllocationResult _last = AllocationResult.Empty;

    public FirstFreeAllocator()
    {
        _meter.CreateObservableGauge("test_pool_addresses_in_use",
            () => _last.Pools.Select(p => new Measurement<long>(p.InUseIPv4, new KeyValuePair<string, object?>("pool", p.Pool))),
            description: "Addresses in use per pool (test allocator)");
    }

    public string Name => "test-ipam";

    public AllocationResult Allocate(ClusterState state)
    {
        var pool = state.Configuration.Pools.Values.FirstOrDefault();
        var services = state.Services.Where(s => s.IsLoadBalancer)
            .OrderBy(s => s.StatusAddresses.Count > 0 ? 0 : 1).ThenBy(s => s.Key).ToArray();
        var used = services.SelectMany(s => s.StatusAddresses).ToHashSet();
        var assignments = new List<ServiceAssignment>();
        foreach (var service in services)
        {
            if (service.StatusAddresses.Count > 0)
            {
                assignments.Add(new ServiceAssignment { Service = service.Key, Addresses = service.StatusAddresses, Pool = pool?.Name });
                continue;
            }

            var free = pool is null ? null : Candidates(pool.Cidrs[0]).FirstOrDefault(a => !used.Contains(a));
            if (free is null)
            {
                assignments.Add(new ServiceAssignment { Service = service.Key, Error = "no available IPs" });
                continue;
            }

            used.Add(free);
            assignments.Add(new ServiceAssignment { Service = service.Key, Addresses = [free], Pool = pool!.Name });
        }

        var result = new AllocationResult
        {
            Assignments = assignments,
            Pools = pool is null ? [] : [new PoolUsage { Pool = pool.Name, TotalIPv4 = 14, InUseIPv4 = assignments.Count(a => a.Addresses.Count > 0) }],
        };
        _last = result;
        return result;
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<IPAddress> Candidates(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        var count = 1 << (32 - network.PrefixLength);
        for (var i = 1; i < count - 1; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[3] = (byte)(copy[3] + i);
            yield return new IPAddress(copy);
        }
    }
}
