using System.Globalization;

namespace Ingot.Bench.Bgp;

/// <summary>One run at one size: Ingot's session and GoBGP's, same receiver, same run.</summary>
internal sealed record RunResult(int Size, SessionTimeline Ingot, SessionTimeline GoBgp, double PeakMb, double SessionMb)
{
    public const string CsvHeader = "run,size,ingot_ms,gobgp_ms,ratio,ingot_first_update_ms,gobgp_first_update_ms,ingot_send_ms,gobgp_send_ms,ingot_prefixes_per_update,gobgp_prefixes_per_update,peak_working_set_mb,session_heap_mb";

    public double Ratio => Ingot.EstablishedToAllMs / GoBgp.EstablishedToAllMs;

    public string ToCsv(string run) => string.Create(
        CultureInfo.InvariantCulture,
        $"{run},{Size},{Ingot.EstablishedToAllMs:F1},{GoBgp.EstablishedToAllMs:F1},{Ratio:F2},{Ingot.FirstUpdateMs:F1},{GoBgp.FirstUpdateMs:F1},{Ingot.SendMs:F1},{GoBgp.SendMs:F1},{Ingot.PrefixesPerUpdate:F0},{GoBgp.PrefixesPerUpdate:F0},{PeakMb:F0},{SessionMb:F1}");

    /// <summary>Each column's median on its own (the ratio is the median of the runs' ratios, not a ratio of medians).</summary>
    public static string MedianCsv(IReadOnlyList<RunResult> runs)
    {
        double M(Func<RunResult, double> f)
        {
            var values = runs.Select(f).Order().ToArray();
            return values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"median,{runs[0].Size},{M(r => r.Ingot.EstablishedToAllMs):F1},{M(r => r.GoBgp.EstablishedToAllMs):F1},{M(r => r.Ratio):F2},{M(r => r.Ingot.FirstUpdateMs):F1},{M(r => r.GoBgp.FirstUpdateMs):F1},{M(r => r.Ingot.SendMs):F1},{M(r => r.GoBgp.SendMs):F1},{M(r => r.Ingot.PrefixesPerUpdate):F0},{M(r => r.GoBgp.PrefixesPerUpdate):F0},{M(r => r.PeakMb):F0},{M(r => r.SessionMb):F1}");
    }
}
