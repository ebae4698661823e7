using System.Net;
using Ingot.Plugins.L2.Membership;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>A membership whose snapshots the test publishes, raising Changed synchronously.</summary>
internal sealed class ScriptedMembership(MembershipSnapshot initial) : IMembership
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

    public bool MayAnswer() => !Current.Fenced;

    public void SetLinkDown(bool down)
    {
    }

    public ValueTask LeaveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
