namespace Ingot.Bench.Failover;

/// <summary>One ARP packet that spoke for the probed address: kernel receive time (µs since the epoch) and sender MAC.</summary>
internal readonly record struct Sighting(long Microseconds, ulong Mac);
