using System.Net;
using Ingot.Plugins.L2.Membership;

namespace Ingot.Plugins.L2.Announcing.Tests;

/// <summary>A membership whose verdict the test sets, to drive the speaker's fencing; the real one is tested in
/// Membership/.</summary>
internal sealed class FencingMembership : IMembership
{
    public bool Fenced { get; set; }

    public MembershipSnapshot Current => MembershipSnapshot.Disabled;

    public event Action<MembershipSnapshot>? Changed { add { } remove { } }

    public void SetPeers(string self, IReadOnlyDictionary<string, IPAddress> peers)
    {
    }

    public bool MayAnswer() => !Fenced;

    public bool LinkDown { get; private set; }

    public void SetLinkDown(bool down) => LinkDown = down;

    public ValueTask LeaveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
