using System.Diagnostics;
using System.Globalization;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// A real BIRD 2 in the lab's router namespace, passive, importing everything our speaker sends; with
/// <c>bfd</c>, a BFD session (300 ms, multiplier 5: CI shares two cores among parallel tests) guards the BGP session on
/// BIRD's side too. After an error BIRD accepts the session again within 1–10 s (its default waits 60–300 s).
/// </summary>
internal sealed class BirdPeer : IAsyncDisposable
{
    private readonly string _netns;
    private readonly string _dir;
    private Process? _process;

    public BirdPeer(string netns, uint asn, uint neighborAsn, bool bfd = false)
    {
        _netns = netns;
        _dir = Directory.CreateTempSubdirectory("ingot-bgp-bird-").FullName;
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            router id {{NetNsLab.RouterV4}};
            protocol device { }
            {{(bfd ? "protocol bfd { interface \"*\" { min rx interval 300 ms; min tx interval 300 ms; multiplier 5; }; }" : string.Empty)}}
            protocol bgp ingot {
              local {{NetNsLab.RouterV4}} as {{asn}};
              neighbor {{NetNsLab.SpeakerV4}} as {{neighborAsn}};
              passive on;
              hold time 90;
              error wait time 1, 10;
              {{(bfd ? "bfd on;" : string.Empty)}}
              ipv4 { import all; export none; };
              ipv6 { import all; export none; };
            }
            """);
        File.WriteAllText(Path.Combine(_dir, "bird.conf"), config);
    }

    private string Socket => Path.Combine(_dir, "bird.ctl");

    public string Output => ExternalProcess.OutputOf(_process);

    public async Task StartAsync()
    {
        _process = ExternalProcess.Start("ip", "netns", "exec", _netns, "bird", "-f", "-c", Path.Combine(_dir, "bird.conf"), "-s", Socket, "-P", Path.Combine(_dir, "bird.pid"));
        await ExternalProcess.EventuallyAsync(async () => (await Cli("show", "status")).Exit, e => e == 0, "BIRD control socket", 30);
    }

    public async Task<string> ProtocolAsync() => (await Cli("show", "protocols", "ingot")).Output;

    /// <summary><c>show route all</c> for one table, split per route.</summary>
    public async Task<Dictionary<string, string>> RoutesAsync(string table)
    {
        var (_, output) = await Cli("show", "route", "table", table, "all");
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.Contains('/', StringComparison.Ordinal) && !line.StartsWith("Table", StringComparison.Ordinal))
            {
                current = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                routes[current] = line + "\n";
            }
            else if (current is not null)
            {
                routes[current] += line + "\n";
            }
        }

        return routes;
    }

    /// <summary>Sends a signal to BIRD (STOP freezes it, as a hung router; CONT resumes it).</summary>
    public Task SignalAsync(string signal) => ExternalProcess.RunAsync("kill", "-" + signal, _process!.Id.ToString(CultureInfo.InvariantCulture));

    public Task<(int Exit, string Output)> Cli(params string[] args)
        => ExternalProcess.RunAsync("ip", ["netns", "exec", _netns, "birdc", "-s", Socket, .. args]);

    public async ValueTask DisposeAsync()
    {
        ExternalProcess.Kill(_process);
        _process = null;
        await Task.Yield();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
