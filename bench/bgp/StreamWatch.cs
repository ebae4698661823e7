using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ingot.Bench.Bgp;

/// <summary>
/// Follows the receiver's <c>gobgp monitor global rib -j</c> stream and timestamps, as they happen, the first route and
/// the moment the RIB holds every expected prefix — no CLI polling (each poll costs tens of milliseconds of process
/// start-up, which blurs a 10,000-prefix run).
/// </summary>
internal sealed partial class StreamWatch : IDisposable
{
    private readonly Process _process;
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<double> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<double> _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expected;

    public StreamWatch(string ns, int port, int expected)
    {
        _expected = expected;
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", ns, "gobgp", "-u", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "monitor", "global", "rib", "-j" })
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { OnLine(e.Data); } };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Milliseconds from the first route the receiver installed to the last, or NaN when the stream fell short.</summary>
    public async Task<double> FillTimeAsync()
    {
        try
        {
            return await _complete.Task.WaitAsync(TimeSpan.FromSeconds(30)) - await _first.Task;
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"rib stream saw only {_prefixes.Count} of {_expected} prefixes");
            return double.NaN;
        }
    }

    /// <summary>Milliseconds from <paramref name="established"/> (Unix ms) to the RIB holding every prefix, or NaN.</summary>
    public async Task<double> SinceAsync(Task<double> established)
    {
        try
        {
            return await _complete.Task.WaitAsync(TimeSpan.FromSeconds(30)) - await established.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"rib stream saw only {_prefixes.Count} of {_expected} prefixes");
            return double.NaN;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void OnLine(string line)
    {
        // Unix milliseconds, the clock the capture of the session's KEEPALIVE uses too.
        var now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        foreach (Match m in Prefix().Matches(line))
        {
            _first.TrySetResult(now);
            _prefixes.Add(m.Groups[1].Value);
        }

        if (_prefixes.Count >= _expected)
        {
            _complete.TrySetResult(now);
        }
    }

    [GeneratedRegex("\"prefix\":\"([^\"]+)\"")]
    private static partial Regex Prefix();
}
