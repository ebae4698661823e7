using System.Diagnostics;
using System.Globalization;

namespace Ingot.Bench.Bgp;

/// <summary>
/// Captures BGP on the receiver's interface (tcpdump, line-buffered) and timestamps, with the kernel's capture clock, the
/// first KEEPALIVE a sender puts on the wire after its OPEN: the moment the receiver's session becomes Established
/// (RFC 4271 §8.2.2, OpenConfirm → Established on KEEPALIVE).
/// </summary>
internal sealed class WireWatch : IDisposable
{
    private readonly Process _process;
    private readonly string _sender;
    private readonly TaskCompletionSource<double> _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private double _packetTime;
    private string _packetSource = string.Empty;

    public WireWatch(string ns, string device, string sender)
    {
        _sender = sender;
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", ns, "tcpdump", "-i", device, "-nn", "-tt", "-l", "-v", "tcp port 179" })
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { OnLine(e.Data); } };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Unix time in milliseconds of the sender's first KEEPALIVE, as captured.</summary>
    public Task<double> Established => _established.Task;

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
        // With -v a packet is a line starting with the capture time ("1795785619.915819 IP (tos …)"), a line with the
        // addresses ("    192.0.2.1.39893 > 192.0.2.2.179: Flags [P.] …"), then the BGP decode of its messages.
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && char.IsDigit(line[0]) && double.TryParse(line[..space], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            _packetTime = seconds * 1000;
            _packetSource = string.Empty;
            return;
        }

        if (line.Contains(" > ", StringComparison.Ordinal) && line.Contains(": Flags", StringComparison.Ordinal))
        {
            _packetSource = line.TrimStart().Split(' ')[0];
            return;
        }

        if (line.Contains("Keepalive Message", StringComparison.Ordinal) && _packetSource.StartsWith(_sender + ".", StringComparison.Ordinal))
        {
            _established.TrySetResult(_packetTime);
        }
    }
}
