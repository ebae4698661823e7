using System.Net;

namespace Ingot.Plugins.L2.Membership;

/// <summary>Membership turned off: every node counts as alive, nothing is fenced (today's Node-readiness election).</summary>
internal sealed class DisabledMembership : IMembership
{
    public MembershipSnapshot Current => MembershipSnapshot.Disabled;

    // Never raised: a disabled membership never changes.
    public event Action<MembershipSnapshot>? Changed { add { } remove { } }

    public void SetPeers(string self, IReadOnlyDictionary<string, IPAddress> peers)
    {
    }

    public bool MayAnswer() => true;

    // Without membership no peer can be told; the announcer still withdraws this node's own candidacy.
    public void SetLinkDown(bool down)
    {
    }

    public ValueTask LeaveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
