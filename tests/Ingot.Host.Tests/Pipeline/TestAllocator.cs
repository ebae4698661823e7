using System.Net;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Testing;

namespace Ingot.Host.Tests.Pipeline;

/// <summary>An allocator that gives every LoadBalancer Service one fixed address, or throws when told to.</summary>
internal sealed class TestAllocator : IAddressAllocator
{
    public string Name => "test-allocator";

    public RecordedCalls<ClusterState> Calls { get; } = new();

    public Exception? Throw { get; set; }

    public AllocationResult Allocate(ClusterState state)
    {
        Calls.Add(state);
        if (Throw is not null)
        {
            throw Throw;
        }

        var i = 0;
        return new AllocationResult
        {
            Assignments = state.Services.Where(s => s.IsLoadBalancer).OrderBy(s => s.Key).Select(s => new ServiceAssignment
            {
                Service = s.Key,
                Addresses = [IPAddress.Parse($"198.51.100.{++i}")],
                Pool = "allocated",
            }).ToArray(),
        };
    }
}
