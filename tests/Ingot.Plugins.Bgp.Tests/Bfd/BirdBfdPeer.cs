using System.Globalization;
using Ingot.Plugins.Bgp.Interop.Tests;

namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>
/// A real BIRD 2 running only a BFD protocol with static neighbours, in a lab's router namespace (a <see cref="BirdProcess"/>).
/// </summary>
internal sealed class BirdBfdPeer : IAsyncDisposable
{
    private readonly BirdProcess _bird;

    /// <param name="netns">The router namespace.</param>
    /// <param name="neighbors">BIRD <c>neighbor</c> statements without the keyword, e.g. <c>192.0.2.1 local 192.0.2.2</c>.</param>
    public BirdBfdPeer(string netns, params string[] neighbors)
    {
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            router id {{NetNsLab.RouterV4}};
            protocol device { }
            protocol bfd ingot {
              interface "*" { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; };
              multihop { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; };
            {{string.Concat(neighbors.Select(n => $"  neighbor {n};\n"))}}}
            """);
        _bird = new BirdProcess(netns, config);
    }

    public string Output => _bird.Output;

    public Task StartAsync() => _bird.StartAsync();

    /// <summary><c>show bfd sessions</c> as printed.</summary>
    public async Task<string> SessionsAsync() => (await Cli("show", "bfd", "sessions")).Output;

    /// <summary>The state BIRD shows for its session with the address, or null when it lists none.</summary>
    public async Task<string?> StateOfAsync(string address)
    {
        foreach (var line in (await SessionsAsync()).Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0] == address)
            {
                return fields.FirstOrDefault(f => f is "Up" or "Down" or "Init" or "AdminDown");
            }
        }

        return null;
    }

    /// <summary>Freezes BIRD (SIGSTOP): it neither sends nor answers, as a hung router would.</summary>
    public Task PauseAsync() => _bird.PauseAsync();

    public Task ResumeAsync() => _bird.ResumeAsync();

    public Task<(int Exit, string Output)> Cli(params string[] args) => _bird.Cli(args);

    public ValueTask DisposeAsync() => _bird.DisposeAsync();
}
