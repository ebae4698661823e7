namespace Ingot.Bench.Failover;

/// <summary>
/// What the client saw in one trial: the time from the fault to the first ARP packet from another MAC (null when none
/// came before the fault was undone), that MAC, how many packets the old owner still sent between the takeover and the
/// restore, and how many distinct MACs spoke for the address in that window (1 when the takeover is clean).
/// </summary>
internal sealed record TrialResult(Trial Trial, double? TakeoverMilliseconds, ulong NewMac, int OldOwnerPacketsAfter, int MacsAfter);
