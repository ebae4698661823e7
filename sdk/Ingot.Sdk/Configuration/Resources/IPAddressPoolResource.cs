namespace Ingot.Sdk.Configuration.Resources;

/// <summary><c>metallb.io/v1beta1</c> IPAddressPool.</summary>
public sealed record IPAddressPoolResource : MetalLbResource
{
    /// <inheritdoc />
    public override string Kind => "IPAddressPool";

    /// <summary><c>spec.addresses</c>: CIDRs or <c>start-end</c> ranges.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary><c>spec.autoAssign</c>; null means true.</summary>
    public bool? AutoAssign { get; init; }

    /// <summary><c>spec.avoidBuggyIPs</c>.</summary>
    public bool AvoidBuggyIPs { get; init; }

    /// <summary><c>spec.serviceAllocation</c>, or null.</summary>
    public ServiceAllocationSpec? ServiceAllocation { get; init; }
}
