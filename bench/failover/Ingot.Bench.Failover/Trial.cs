namespace Ingot.Bench.Failover;

/// <summary>
/// One fault as run.sh recorded it: its kind, when it was injected and when it was undone (µs since the epoch,
/// CLOCK_REALTIME, the clock the kernel stamps packets with), and the MAC that owned the address before it.
/// </summary>
internal sealed record Trial(string Fault, long FaultMicroseconds, ulong OldMac, long RestoreMicroseconds);
