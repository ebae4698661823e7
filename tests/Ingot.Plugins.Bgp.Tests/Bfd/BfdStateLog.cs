using System.Diagnostics;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>Records every state change a session reports, with the moment it was reported.</summary>
internal sealed class BfdStateLog
{
    private readonly List<(long At, BfdState State, BfdDiagnostic Diagnostic)> _changes = [];

    public void Record(BfdState state, BfdDiagnostic diagnostic)
    {
        lock (_changes)
        {
            _changes.Add((Stopwatch.GetTimestamp(), state, diagnostic));
        }
    }

    public IReadOnlyList<(long At, BfdState State, BfdDiagnostic Diagnostic)> Changes
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>The first change into the state reported after the timestamp.</summary>
    public (long At, BfdState State, BfdDiagnostic Diagnostic)? FirstAfter(long timestamp, BfdState state)
        => Changes.Where(c => c.At >= timestamp && c.State == state).Select(c => ((long, BfdState, BfdDiagnostic)?)c).FirstOrDefault();

    public override string ToString() => string.Join(", ", Changes.Select(c => $"{c.State}/{c.Diagnostic}"));
}
