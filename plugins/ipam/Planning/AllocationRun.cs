using System.Runtime.InteropServices;
using Ingot.Plugins.Ipam.Addressing;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>
/// One allocation pass over a snapshot, with MetalLB's allocator rules (<c>internal/allocator</c>, <c>controller/service.go</c>).
/// Everything is recomputed from the snapshot: first every Service that holds addresses re-claims those that are still valid
/// under the current configuration (in namespace/name order), the rest are released; only then are missing families added
/// and waiting Services served. So neither a restart nor a configuration change moves a valid address, and a waiting
/// Service can never take an address that a holder still owns. Addresses the source remembers for Services that went
/// away are handed out last: a pool gives one only when it has no other free address of that family.
/// </summary>
internal sealed class AllocationRun
{
    private readonly PoolSet _pools;
    private readonly Dictionary<Address128, AddressUse> _uses = [];
    private readonly List<ServiceOutcome> _released = [];
    private readonly HashSet<Address128> _remembered = [];

    public AllocationRun(MetalLbConfiguration configuration, IEnumerable<RememberedAssignment>? remembered = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _pools = new PoolSet(configuration);
        foreach (var entry in remembered ?? [])
        {
            foreach (var address in entry.Addresses)
            {
                _remembered.Add(Address128.From(address));
            }
        }
    }

    public AllocationResult Run(IEnumerable<ServiceInfo> services, string? loadBalancerClass)
    {
        var holders = new List<ServiceOutcome>();
        var waiting = new List<ServiceOutcome>();
        foreach (var service in services)
        {
            // Other types get no entry (the source clears their status); Services of another class are not ours to touch.
            if (!service.IsLoadBalancer || !ClassMatches(service.LoadBalancerClass, loadBalancerClass))
            {
                continue;
            }

            var outcome = new ServiceOutcome(ServiceRequest.From(service));
            (outcome.Request.Current.Count > 0 ? holders : waiting).Add(outcome);
        }

        _uses.EnsureCapacity(holders.Count + waiting.Count);
        CollectionsMarshal.AsSpan(holders).Sort(default(ByServiceKey));
        CollectionsMarshal.AsSpan(waiting).Sort(default(ByServiceKey));

        foreach (var outcome in holders)
        {
            Reclaim(outcome);
        }

        foreach (var outcome in holders)
        {
            Complete(outcome);
        }

        foreach (var outcome in waiting)
        {
            Complete(outcome);
        }

        _released.AddRange(holders.Where(o => o.ReleaseReason is not null));
        var assignments = new List<ServiceAssignment>(holders.Count + waiting.Count);
        assignments.AddRange(holders.Select(ToAssignment));
        assignments.AddRange(waiting.Select(ToAssignment));
        return new AllocationResult { Assignments = assignments, Pools = _pools.All.Select(ToUsage).ToArray() };
    }

    /// <summary>After <see cref="Run"/>: the Services whose current addresses were not valid any more, with the reason.</summary>
    public IEnumerable<(ServiceKey Service, string Addresses, string Reason)> Releases
        => _released.Select(o => (o.Request.Key, string.Join(",", o.Request.Current), o.ReleaseReason!));

    private static bool ClassMatches(string? serviceClass, string? ours)
        => string.IsNullOrEmpty(ours) ? string.IsNullOrEmpty(serviceClass) : string.Equals(serviceClass, ours, StringComparison.Ordinal);

    private static ServiceAssignment ToAssignment(ServiceOutcome outcome) => new()
    {
        Service = outcome.Request.Key,
        Addresses = outcome.Addresses.Select(a => a.ToIPAddress()).ToArray(),
        Pool = outcome.Addresses.Count > 0 ? outcome.Pool?.Name : null,
        Error = outcome.Error,
    };

    private static PoolUsage ToUsage(PoolState pool)
    {
        var (v4, v6) = PoolCounter.Count(pool.Config);
        return new PoolUsage { Pool = pool.Name, TotalIPv4 = v4, TotalIPv6 = v6, InUseIPv4 = pool.InUseIPv4, InUseIPv6 = pool.InUseIPv6 };
    }

    /// <summary>Checks that hold for every Service before any address is considered (converge step 1).</summary>
    private string? Precondition(ServiceRequest request)
    {
        if (_pools.IsEmpty)
        {
            return "no IPAddressPool is configured";
        }

        if (request.ClusterIPCount == 0)
        {
            return request.ClusterIPError;
        }

        if (request.Policy == IpFamilyPolicy.RequireDualStack && request.ClusterIPCount < 2)
        {
            return $"not enough clusterips: Service requires dual stack but has clusterIPs [{string.Join(" ", request.Info.ClusterIPs)}]";
        }

        return request.ClusterIPError;
    }

    /// <summary>Converge step 2 for a Service that holds addresses: keep them if they are still valid, else release them.</summary>
    private void Reclaim(ServiceOutcome outcome)
    {
        var request = outcome.Request;
        if (Precondition(request) is { } error)
        {
            outcome.Fail(error);
            return;
        }

        var current = request.Current;
        var currentFamily = ServiceRequest.FamilyOf(current);
        if (currentFamily is null || FamilyChanged(currentFamily.Value, request.Family!.Value, request.Policy))
        {
            outcome.ReleaseReason = $"current addresses {AddressText.Quote(current)} do not match the Service's IP family";
            return;
        }

        if (!TryCheckAssign(request, current, out var pool, out var assignError))
        {
            outcome.ReleaseReason = assignError;
            if (request.DesiredError is { } invalidDesired)
            {
                outcome.Fail(invalidDesired);
            }

            return;
        }

        if (request.DesiredPool is { } desiredPool && !string.Equals(pool.Name, desiredPool, StringComparison.Ordinal))
        {
            outcome.ReleaseReason = $"the Service asks for pool \"{desiredPool}\"";
            if (request.DesiredError is { } invalidDesired)
            {
                outcome.Fail(invalidDesired);
            }

            return;
        }

        if (request.DesiredError is { } desiredError)
        {
            // MetalLB stops here and keeps the (valid) addresses, reporting the bad request.
            Commit(outcome, current, pool);
            outcome.Error = desiredError;
            outcome.Settled = true;
            return;
        }

        if (request.Desired.Count > 0 && !SameSet(request.Desired, current))
        {
            outcome.ReleaseReason = "the Service asks for other addresses";
            return;
        }

        Commit(outcome, current, pool);
    }

    /// <summary>Converge steps 3–4: add a missing PreferDualStack family, or allocate when the Service has nothing.</summary>
    private void Complete(ServiceOutcome outcome)
    {
        if (outcome.Settled)
        {
            return;
        }

        var request = outcome.Request;
        if (Precondition(request) is { } error)
        {
            outcome.Fail(error);
            return;
        }

        if (outcome.Addresses.Count == 1 && request.Policy == IpFamilyPolicy.PreferDualStack && request.Family == IpFamily.DualStack)
        {
            TryAddMissingFamily(outcome);
        }

        if (outcome.Addresses.Count == 0)
        {
            Allocate(outcome);
            if (outcome.Error is not null && outcome.ReleaseReason is { } released)
            {
                outcome.Error = $"{outcome.Error} (its previous addresses {AddressText.Quote(request.Current)} were released: {released})";
            }
        }
    }

    /// <summary>MetalLB's <c>AllocateFromPoolForAdditionalFamily</c>: the missing family, from the same pool, if it has one free.</summary>
    private void TryAddMissingFamily(ServiceOutcome outcome)
    {
        var existing = outcome.Addresses[0];
        var pool = outcome.Pool!;
        var missing = existing.IsIPv6 ? IpFamily.IPv4 : IpFamily.IPv6;
        var candidates = FreeCandidates(pool, outcome.Request, missing);
        if (candidates.For(missing) is not { } extra)
        {
            return;
        }

        Address128[] both = [existing, extra];
        if (TryCheckAssign(outcome.Request, both, out _, out _))
        {
            Commit(outcome, both, pool);
        }
    }

    private void Allocate(ServiceOutcome outcome)
    {
        var request = outcome.Request;
        if (request.DesiredError is { } desiredError)
        {
            outcome.Fail(desiredError);
            return;
        }

        if (request.Desired.Count > 0)
        {
            AllocateDesired(outcome);
        }
        else if (request.DesiredPool is { } poolName)
        {
            AllocateFromNamedPool(outcome, poolName);
        }
        else
        {
            AllocateAutomatically(outcome);
        }
    }

    private void AllocateDesired(ServiceOutcome outcome)
    {
        var request = outcome.Request;
        var desired = request.Desired;
        if (request.DesiredFamily != request.Family)
        {
            outcome.Fail($"requested loadBalancer IP(s) {AddressText.Quote(desired)} does not match the ipFamily of the service");
            return;
        }

        if (!TryCheckAssign(request, desired, out var pool, out var error))
        {
            outcome.Fail(error);
            return;
        }

        if (request.DesiredPool is { } desiredPool && !string.Equals(pool.Name, desiredPool, StringComparison.Ordinal))
        {
            outcome.Fail($"requested loadBalancer IP(s) {AddressText.Quote(desired)} is not compatible with requested address pool \"{desiredPool}\"");
            return;
        }

        Commit(outcome, desired, pool);
    }

    /// <summary>MetalLB's <c>AllocateFromPool</c>: the annotation's pool, whatever its autoAssign.</summary>
    private void AllocateFromNamedPool(ServiceOutcome outcome, string poolName)
    {
        var request = outcome.Request;
        if (!_pools.TryGet(poolName, out var pool))
        {
            outcome.Fail($"unknown pool \"{poolName}\"");
            return;
        }

        var candidates = FreeCandidates(pool, request, request.Family!.Value);
        if (!TrySelect(candidates, request, out var addresses))
        {
            outcome.Fail(NoAvailableInPool(pool, request));
            return;
        }

        if (!TryCheckAssign(request, addresses, out _, out var error))
        {
            outcome.Fail(error);
            return;
        }

        Commit(outcome, addresses, pool);
    }

    /// <summary>
    /// MetalLB's <c>Allocate</c>: first the pools pinned to this Service (by namespace or service selector) in priority
    /// order, then every auto-assign pool without serviceAllocation. Ties and the second phase go by pool name.
    /// </summary>
    private void AllocateAutomatically(ServiceOutcome outcome)
    {
        var request = outcome.Request;
        var pinned = PinnedPools(request);
        if (TryAllocateFromBestPool(outcome, pinned) || TryAllocateFromBestPool(outcome, _pools.Unrestricted))
        {
            return;
        }

        var tried = pinned.Concat(_pools.Unrestricted).Select(p => p.Name).Distinct(StringComparer.Ordinal).ToArray();
        outcome.Fail(NoAvailable(tried, request));
    }

    /// <summary>The pools pinned to this Service that may auto-assign to it, already in priority order.</summary>
    private IReadOnlyList<PoolState> PinnedPools(ServiceRequest request)
    {
        List<PoolState>? pinned = null;
        foreach (var pool in _pools.Restricted)
        {
            var allocation = pool.Config.Allocation!;
            var listed = allocation.Namespaces.Contains(request.Key.Namespace) || allocation.ServiceSelectors.Count > 0;
            if (listed && pool.Config.AutoAssign && NamespaceAllows(allocation, request) && SelectorsAllow(allocation, request))
            {
                (pinned ??= []).Add(pool);
            }
        }

        return pinned ?? (IReadOnlyList<PoolState>)[];
    }

    /// <summary>MetalLB's <c>findBestPoolForService</c> then one assignment attempt; no retry on the next pool.</summary>
    private bool TryAllocateFromBestPool(ServiceOutcome outcome, IReadOnlyList<PoolState> pools)
    {
        var request = outcome.Request;
        var family = request.Family!.Value;
        var secondaryFamily = request.PrimaryFamily == IpFamily.IPv4 ? IpFamily.IPv6 : IpFamily.IPv4;
        PoolCandidates? chosen = null, primary = null, secondary = null;
        foreach (var pool in pools)
        {
            var candidates = FreeCandidates(pool, request, family);
            if (family != IpFamily.DualStack)
            {
                if (candidates.For(family) is not null)
                {
                    chosen = candidates;
                    break;
                }

                continue;
            }

            if (candidates.IPv4 is not null && candidates.IPv6 is not null)
            {
                chosen = candidates;
                break;
            }

            if (request.Policy != IpFamilyPolicy.PreferDualStack)
            {
                continue;
            }

            if (primary is null && candidates.For(request.PrimaryFamily) is not null)
            {
                primary = candidates;
            }

            if (secondary is null && candidates.For(secondaryFamily) is not null)
            {
                secondary = candidates;
            }
        }

        chosen ??= primary ?? secondary;
        if (chosen is not { } best || !TrySelect(best, request, out var addresses)
            || !TryCheckAssign(request, addresses, out _, out _))
        {
            return false;
        }

        Commit(outcome, addresses, best.Pool);
        return true;
    }

    /// <summary>
    /// MetalLB's <c>getFreeIPsFromPool</c>: per family, the lowest usable address of the first block that has one. A family
    /// whose blocks offer only addresses remembered for departed Services is looked up again with those allowed, so the
    /// pool hands them out only when it has nothing else.
    /// </summary>
    private PoolCandidates FreeCandidates(PoolState pool, ServiceRequest request, IpFamily family)
    {
        var (v4, v6) = FirstUsable(pool, request, family, fresh: true);
        if (_remembered.Count > 0 && ((family != IpFamily.IPv6 && v4 is null) || (family != IpFamily.IPv4 && v6 is null)))
        {
            var (anyV4, anyV6) = FirstUsable(pool, request, family, fresh: false);
            v4 ??= anyV4;
            v6 ??= anyV6;
        }

        return new PoolCandidates(pool, v4, v6);
    }

    private (Address128? IPv4, Address128? IPv6) FirstUsable(PoolState pool, ServiceRequest request, IpFamily family, bool fresh)
    {
        Address128? v4 = null, v6 = null;
        var wantV4 = family != IpFamily.IPv6;
        var wantV6 = family != IpFamily.IPv4;
        foreach (var block in pool.Blocks)
        {
            if (block.IsIPv6 ? !wantV6 || v6 is not null : !wantV4 || v4 is not null)
            {
                continue;
            }

            var found = LowestUsable(block, request, fresh);
            if (block.IsIPv6)
            {
                v6 = found;
            }
            else
            {
                v4 = found;
            }
        }

        return (v4, v6);
    }

    /// <summary>
    /// The lowest address of the block this Service could take: unused (and, when <paramref name="fresh"/>, remembered
    /// for no departed Service), or shareable under its sharing key.
    /// </summary>
    private Address128? LowestUsable(CidrBlock block, ServiceRequest request, bool fresh)
    {
        var avoidBuggy = block.Pool.Config.AvoidBuggyIPs;
        var free = fresh ? block.LowestFresh(_uses, avoidBuggy, _remembered) : block.LowestFree(_uses, avoidBuggy);
        if (request.SharingKey.Length == 0)
        {
            return free;
        }

        foreach (var shared in block.SharedBelow(request.SharingKey, free))
        {
            if (SharingProblem(request, shared) is null)
            {
                return shared;
            }
        }

        return free;
    }

    /// <summary>MetalLB's <c>selectIPsForFamilyAndPolicy</c>; automatic dual-stack order is always [IPv4, IPv6].</summary>
    private static bool TrySelect(PoolCandidates candidates, ServiceRequest request, out Address128[] addresses)
    {
        addresses = [];
        var (v4, v6) = (candidates.IPv4, candidates.IPv6);
        switch (request.Family)
        {
            case IpFamily.IPv4 when v4 is { } only:
                addresses = [only];
                return true;
            case IpFamily.IPv6 when v6 is { } only:
                addresses = [only];
                return true;
            case IpFamily.DualStack when request.Policy != IpFamilyPolicy.SingleStack && v4 is { } a && v6 is { } b:
                addresses = [a, b];
                return true;
            case IpFamily.DualStack when request.Policy == IpFamilyPolicy.PreferDualStack && (v4 ?? v6) is { } partial:
                addresses = [partial];
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// MetalLB's <c>Assign</c> without side effects: the pool holding every address (none ⇒ not allowed), the pool's
    /// serviceAllocation restrictions, the dual-stack shape, and sharing on each address.
    /// </summary>
    private bool TryCheckAssign(ServiceRequest request, IReadOnlyList<Address128> addresses, out PoolState pool, out string error)
    {
        pool = null!;
        error = "";
        PoolState? found = null;
        foreach (var address in addresses)
        {
            var block = _pools.Find(address);
            if (block is null || (block.Pool.Config.AvoidBuggyIPs && address.IsBuggy))
            {
                error = $"\"{address}\" is not allowed in config";
                return false;
            }

            if (found is not null && !ReferenceEquals(found, block.Pool))
            {
                error = $"{AddressText.Quote(addresses)} is not allowed in config: the addresses are in different pools (\"{found.Name}\", \"{block.Pool.Name}\")";
                return false;
            }

            found = block.Pool;
        }

        if (found is null)
        {
            error = "no address requested";
            return false;
        }

        if (Incompatibility(found, request) is { } incompatible)
        {
            error = incompatible;
            return false;
        }

        if (addresses.Count > 2)
        {
            error = $"more than two addresses {AddressText.Quote(addresses)}";
            return false;
        }

        if (addresses.Count == 2 && addresses[0].IsIPv6 == addresses[1].IsIPv6)
        {
            error = $"{AddressText.Quote(addresses)} has the same family";
            return false;
        }

        foreach (var address in addresses)
        {
            if (SharingProblem(request, address) is { } problem)
            {
                error = problem;
                return false;
            }
        }

        pool = found;
        return true;
    }

    /// <summary>MetalLB's <c>isPoolCompatibleWithService</c>, with the reason spelled out.</summary>
    private static string? Incompatibility(PoolState pool, ServiceRequest request)
    {
        var allocation = pool.Config.Allocation;
        if (allocation is null)
        {
            return null;
        }

        if (!NamespaceAllows(allocation, request))
        {
            return $"pool \"{pool.Name}\" not compatible for ip assignment: namespace \"{request.Key.Namespace}\" is not in its serviceAllocation";
        }

        if (!SelectorsAllow(allocation, request))
        {
            return $"pool \"{pool.Name}\" not compatible for ip assignment: the Service's labels match none of its serviceSelectors";
        }

        return null;
    }

    private static bool NamespaceAllows(ServiceAllocationPolicy allocation, ServiceRequest request)
        => allocation.Namespaces.Count == 0 || allocation.Namespaces.Contains(request.Key.Namespace);

    private static bool SelectorsAllow(ServiceAllocationPolicy allocation, ServiceRequest request)
    {
        if (allocation.ServiceSelectors.Count == 0)
        {
            return true;
        }

        foreach (var selector in allocation.ServiceSelectors)
        {
            if (selector.Matches(request.Info.Labels))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// MetalLB's <c>checkSharing</c>: an address in use needs the same non-empty sharing key and the same backend key (a
    /// sole user may re-key in place), and none of the Service's (protocol, port) pairs may be held by another Service.
    /// </summary>
    private string? SharingProblem(ServiceRequest request, Address128 address)
    {
        if (!_uses.TryGetValue(address, out var use))
        {
            return null;
        }

        var compatible = use.SharingKey.Length > 0 && request.SharingKey.Length > 0
            && string.Equals(use.SharingKey, request.SharingKey, StringComparison.Ordinal)
            && string.Equals(use.BackendKey, request.BackendKey, StringComparison.Ordinal);
        if (!compatible)
        {
            foreach (var other in use.Services)
            {
                if (other != request.Key)
                {
                    var sameKey = use.SharingKey.Length > 0 && string.Equals(use.SharingKey, request.SharingKey, StringComparison.Ordinal);
                    return sameKey
                        ? $"backend key mismatch with {other} on {address}: Services sharing an address need the same externalTrafficPolicy and, for Local, the same selector"
                        : $"sharing key mismatch with {other} on {address}";
                }
            }
        }

        foreach (var port in request.Ports)
        {
            if (use.OwnerOf(port) is { } owner && owner != request.Key)
            {
                return $"port {port} is already in use on \"{address}\" by {owner}";
            }
        }

        return null;
    }

    private void Commit(ServiceOutcome outcome, IReadOnlyList<Address128> addresses, PoolState pool)
    {
        var request = outcome.Request;
        foreach (var address in addresses)
        {
            if (!_uses.TryGetValue(address, out var use))
            {
                var block = _pools.Find(address)!;
                use = new AddressUse(block);
                _uses[address] = use;
                pool.CountNewAddress(address);
                if (request.SharingKey.Length > 0)
                {
                    block.RegisterShared(request.SharingKey, address.Value);
                }
            }

            use.Add(request.Key, request.SharingKey, request.BackendKey, request.Ports);
        }

        outcome.Addresses.Clear();
        outcome.Addresses.AddRange(addresses);
        outcome.Pool = pool;
        outcome.Error = null;
    }

    /// <summary>MetalLB's <c>serviceFamilyChanged</c>: PreferDualStack on a dual-stack Service accepts a single family.</summary>
    private static bool FamilyChanged(IpFamily current, IpFamily service, IpFamilyPolicy policy)
        => current != service && !(service == IpFamily.DualStack && policy == IpFamilyPolicy.PreferDualStack);

    private static bool SameSet(IReadOnlyList<Address128> a, IReadOnlyList<Address128> b)
        => a.Count == b.Count && a.Order().SequenceEqual(b.Order());

    private static string NoAvailableInPool(PoolState pool, ServiceRequest request)
        => request.Family == IpFamily.DualStack
            ? $"no available IPs in pool \"{pool.Name}\" for {IpFamily.DualStack.ToMetalLbString()} IPFamily"
            : $"no available IPs in pool \"{pool.Name}\"";

    private string NoAvailable(IReadOnlyList<string> tried, ServiceRequest request)
    {
        if (tried.Count == 0)
        {
            return "no available IPs: no auto-assign IPAddressPool may serve this Service";
        }

        var family = request.Family!.Value;
        IpFamily? needed = family == IpFamily.DualStack && request.Policy == IpFamilyPolicy.PreferDualStack ? null : family;
        var offering = needed is null or IpFamily.DualStack
            ? tried
            : tried.Where(n => _pools.TryGet(n, out var p) && p.HasFamily(needed.Value)).ToArray();
        var names = string.Join(", ", tried.Select(n => $"\"{n}\""));
        if (offering.Count == 0)
        {
            return $"no available IPs: no pool for this Service has {needed!.Value.ToMetalLbString()} addresses (tried {names})";
        }

        if (family == IpFamily.DualStack && request.Policy == IpFamilyPolicy.SingleStack)
        {
            return "no available IPs: the Service has dual-stack clusterIPs but ipFamilyPolicy SingleStack";
        }

        return tried.Count == 1 ? $"no available IPs in pool {names}" : $"no available IPs in pools {names}";
    }
}
