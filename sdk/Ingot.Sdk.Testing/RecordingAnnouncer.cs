using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Ingot.Sdk.Testing;

/// <summary>
/// An <see cref="IAnnouncer"/> that touches no network: it plans with a function you give (by default every node that is
/// Ready and not excluded announces every assigned address) and records every Apply and WithdrawAll call.
/// </summary>
public sealed class RecordingAnnouncer : IAnnouncer
{
    private readonly Func<ClusterState, AllocationResult, AnnouncementPlan> _plan;

    /// <summary>Creates a recording announcer.</summary>
    /// <param name="name">The protocol name it reports as <see cref="Name"/>.</param>
    /// <param name="plan">The planning function; null for <see cref="EveryReadyNode"/>.</param>
    public RecordingAnnouncer(string name = "recording", Func<ClusterState, AllocationResult, AnnouncementPlan>? plan = null)
    {
        Name = name;
        _plan = plan ?? ((state, allocation) => EveryReadyNode(name, state, allocation));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Every <see cref="ApplyAsync"/> call, oldest first.</summary>
    public RecordedCalls<AppliedPlan> Applied { get; } = new();

    /// <summary>Every <see cref="Plan"/> call's result, oldest first.</summary>
    public RecordedCalls<AnnouncementPlan> Planned { get; } = new();

    /// <summary>One entry per <see cref="WithdrawAllAsync"/> call: whether its token was already cancelled.</summary>
    public RecordedCalls<bool> Withdrawals { get; } = new();

    /// <summary>When set, <see cref="ApplyAsync"/> records the call, then throws what this returns (null to succeed).</summary>
    public Func<AppliedPlan, Exception?>? FailApply { get; set; }

    /// <summary>The default plan: each Ready node not excluded from load balancers announces every assigned address.</summary>
    /// <param name="protocol">The protocol name to put in the plan.</param>
    /// <param name="state">The snapshot.</param>
    /// <param name="allocation">The assignments.</param>
    /// <returns>The plan.</returns>
    public static AnnouncementPlan EveryReadyNode(string protocol, ClusterState state, AllocationResult allocation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(allocation);
        var nodes = state.Nodes.Where(n => n.Ready && !n.ExcludedFromLoadBalancers).Select(n => n.Name).Order(StringComparer.Ordinal).ToArray();
        return new AnnouncementPlan
        {
            Protocol = protocol,
            Services = allocation.Assignments
                .Where(a => a.Addresses.Count > 0)
                .Select(a => new ServiceAnnouncements
                {
                    Service = a.Service,
                    Announcements = nodes.Select(n => new Announcement.Announcement
                    {
                        Protocol = protocol,
                        Node = n,
                        Addresses = a.Addresses,
                    }).ToArray(),
                })
                .ToArray(),
        };
    }

    /// <inheritdoc />
    public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation)
    {
        var plan = _plan(state, allocation);
        Planned.Add(plan);
        return plan;
    }

    /// <inheritdoc />
    public ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
    {
        var applied = new AppliedPlan(state, plan, nodeName);
        Applied.Add(applied);
        if (FailApply?.Invoke(applied) is { } error)
        {
            throw error;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask WithdrawAllAsync(CancellationToken cancellationToken)
    {
        Withdrawals.Add(cancellationToken.IsCancellationRequested);
        return ValueTask.CompletedTask;
    }
}
