using System.Diagnostics;

namespace Ingot.Plugins.L2.Lab.Tests;

/// <summary>tcpdump on the client's eth0 (ARP and ICMPv6), lines collected until disposed.</summary>
internal sealed class Capture : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    public Capture(Ingot.Tests.Lab.LabSession lab)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", lab.Namespace("client"), "tcpdump", "-i", "eth0", "-nn", "-e", "-l", "arp or icmp6" })
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info)!;
        var ready = new ManualResetEventSlim();
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_lines)
                {
                    _lines.Add(e.Data);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_lines)
                {
                    _lines.Add("stderr: " + e.Data);
                }
            }

            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.Set();
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!ready.Wait(TimeSpan.FromSeconds(20)))
        {
            throw new InvalidOperationException("tcpdump did not start");
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    /// <summary>Gratuitous ARP requests (who-has X tell X; tcpdump shows a non-zero target MAC in parentheses) for
    /// <paramref name="ip"/> sent from <paramref name="mac"/>.</summary>
    public int GratuitousRequests(string ip, string mac)
        => Lines.Count(l => l.Contains(mac + " > ff:ff:ff:ff:ff:ff", StringComparison.OrdinalIgnoreCase)
                            && (l.Contains($"who-has {ip} tell {ip},", StringComparison.Ordinal)
                                || l.Contains($"who-has {ip} (ff:ff:ff:ff:ff:ff) tell {ip},", StringComparison.Ordinal)));

    /// <summary>Gratuitous ARP replies (X is-at MAC, broadcast) for <paramref name="ip"/> from <paramref name="mac"/>.</summary>
    public int GratuitousReplies(string ip, string mac)
        => Lines.Count(l => l.Contains(mac + " > ff:ff:ff:ff:ff:ff", StringComparison.OrdinalIgnoreCase)
                            && l.Contains($"Reply {ip} is-at {mac}", StringComparison.OrdinalIgnoreCase));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
    }
}
