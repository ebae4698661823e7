namespace Ingot.Sdk.Allocation;

/// <summary>Address counts of one pool, per family, as MetalLB counts them (IPv6 blocks of /64 or larger count as
/// <see cref="long.MaxValue"/>).</summary>
public sealed record PoolUsage
{
    /// <summary>The pool's name.</summary>
    public required string Pool { get; init; }

    /// <summary>Usable IPv4 addresses.</summary>
    public long TotalIPv4 { get; init; }

    /// <summary>Usable IPv6 addresses.</summary>
    public long TotalIPv6 { get; init; }

    /// <summary>IPv4 addresses in use.</summary>
    public long InUseIPv4 { get; init; }

    /// <summary>IPv6 addresses in use.</summary>
    public long InUseIPv6 { get; init; }

    /// <summary>All usable addresses (saturating).</summary>
    public long Total => SaturatingAdd(TotalIPv4, TotalIPv6);

    /// <summary>All addresses in use.</summary>
    public long InUse => InUseIPv4 + InUseIPv6;

    /// <summary>Available IPv4 addresses.</summary>
    public long AvailableIPv4 => TotalIPv4 - InUseIPv4;

    /// <summary>Available IPv6 addresses.</summary>
    public long AvailableIPv6 => TotalIPv6 - InUseIPv6;

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
