using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ingot.Plugins.L2.Lab.Tests;

/// <summary>
/// A client in the lab's client namespace sending HTTP GETs to one address back to back, each on a new connection with
/// a short timeout, until <see cref="Finish"/>; a request that gets no complete answer in time counts as lost.
/// </summary>
internal sealed partial class HttpLoad : IDisposable
{
    private const string Script = """
        import os, sys, time, urllib.request
        ip, stop = sys.argv[1], sys.argv[2]
        total = failed = 0
        start = time.monotonic()
        while not os.path.exists(stop):
            total += 1
            try:
                body = urllib.request.urlopen("http://%s/" % ip, timeout=1).read()
                if not body.startswith(b"hello from"):
                    raise ValueError("unexpected body %r" % body[:40])
            except Exception as e:
                failed += 1
                print("fail %s %s" % (time.strftime("%H:%M:%S", time.gmtime()) + ("%.3f" % (time.time() % 1))[1:], repr(e)[:160]), flush=True)
        print("total %d failed %d" % (total, failed), flush=True)
        """;

    private readonly Process _process;
    private readonly string _stopFile;
    private readonly List<string> _lines = [];

    public HttpLoad(FailoverFixture lab, string ip)
    {
        _stopFile = Path.Combine(lab.LabDir, $"load-stop-{Guid.NewGuid():N}");
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", lab.Namespace("client"), "python3", "-c", Script, ip, _stopFile })
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (_lines) { _lines.Add(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_lines) { _lines.Add("stderr: " + e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Stops the client and returns how many requests it sent, how many were lost, and the failure lines.</summary>
    public (int Total, int Failed, IReadOnlyList<string> Failures) Finish()
    {
        File.WriteAllText(_stopFile, "");
        if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            throw new InvalidOperationException("the HTTP client did not stop");
        }

        _process.WaitForExit();
        List<string> lines;
        lock (_lines)
        {
            lines = _lines.ToList();
        }

        var summary = lines.Select(l => Summary().Match(l)).LastOrDefault(m => m.Success)
            ?? throw new InvalidOperationException("the HTTP client printed no summary:\n" + string.Join('\n', lines));
        return (int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(summary.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            lines.Where(l => !l.StartsWith("total ", StringComparison.Ordinal)).ToList());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        File.Delete(_stopFile);
    }

    [GeneratedRegex(@"^total (\d+) failed (\d+)$")]
    private static partial Regex Summary();
}
