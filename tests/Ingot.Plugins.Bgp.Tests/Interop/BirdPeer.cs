using System.Globalization;

namespace Ingot.Plugins.Bgp.Interop.Tests;

/// <summary>
/// A real BIRD 2 in the lab's router namespace, passive, importing everything our speaker sends; with
/// <c>bfd</c>, a BFD session (300 ms, multiplier 5: CI shares two cores among parallel tests) guards the BGP session on
/// BIRD's side too. After an error BIRD accepts the session again within 1–10 s (its default waits 60–300 s).
/// </summary>
internal sealed class BirdPeer : IAsyncDisposable
{
    private readonly BirdProcess _bird;

    public BirdPeer(string netns, uint asn, uint neighborAsn, bool bfd = false)
    {
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
        _bird = new BirdProcess(netns, config);
    }

    public string Output => _bird.Output;

    public Task StartAsync() => _bird.StartAsync();

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

    /// <summary>Freezes BIRD (SIGSTOP), as a hung router.</summary>
    public Task PauseAsync() => _bird.PauseAsync();

    public Task ResumeAsync() => _bird.ResumeAsync();

    public Task<(int Exit, string Output)> Cli(params string[] args) => _bird.Cli(args);

    public ValueTask DisposeAsync() => _bird.DisposeAsync();
}
