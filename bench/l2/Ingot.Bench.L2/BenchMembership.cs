using System.Net;
using Ingot.Plugins.L2.Membership;

namespace Ingot.Bench.L2;

/// <summary>Snapshots the benchmark publishes, raising Changed synchronously (as the dispatch thread would).</summary>
internal sealed class BenchMembership(MembershipSnapshot initial) : IMembership
{
    public MembershipSnapshot Current { get; private set; } = initial;

    public event Action<MembershipSnapshot>? Changed;

    public void Publish(MembershipSnapshot snapshot)
    {
        Current = snapshot;
        Changed?.Invoke(snapshot);
    }

    public void SetPeers(string self, IReadOnlyDictionary<string, IPAddress> peers)
    {
    }

    public bool MayAnswer() => true;

    public void SetLinkDown(bool down)
    {
    }

    public ValueTask LeaveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
