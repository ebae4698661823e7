namespace Ingot.Bench.Failover;

/// <summary>Pure reading of the prober's log against the trials: no I/O, so the script's figures are reproducible from the files.</summary>
internal static class FailoverAnalysis
{
    /// <param name="sightings">every logged packet, in receive order</param>
    /// <param name="trial">the fault; only packets after it and before its restore count</param>
    public static TrialResult Analyze(IReadOnlyList<Sighting> sightings, Trial trial)
    {
        Sighting? first = null;
        var oldAfter = 0;
        var macs = new HashSet<ulong>();
        foreach (var s in sightings)
        {
            if (s.Microseconds <= trial.FaultMicroseconds || s.Microseconds >= trial.RestoreMicroseconds)
            {
                continue;
            }

            if (first is null)
            {
                if (s.Mac != trial.OldMac)
                {
                    first = s;
                    macs.Add(s.Mac);
                }

                continue;
            }

            macs.Add(s.Mac);
            if (s.Mac == trial.OldMac)
            {
                oldAfter++;
            }
        }

        return first is { } f
            ? new TrialResult(trial, (f.Microseconds - trial.FaultMicroseconds) / 1000.0, f.Mac, oldAfter, macs.Count)
            : new TrialResult(trial, null, 0, 0, 0);
    }

    /// <summary>Nearest-rank percentile (p in 0..100) of a sorted, non-empty list: with 20 trials p99 is the largest.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    public static double Median(IReadOnlyList<double> sorted)
        => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
