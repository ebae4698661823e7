using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using Ingot.Sdk;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration;
using Ingot.Sdk.Sources;

namespace TestPlugins.GoodSource;

/// <summary>Publishes one snapshot built from the plugin's settings, then waits until cancelled.</summary>
internal sealed class SettingsSource : IClusterSource
{
    private readonly PluginContext _context;

    public SettingsSource(PluginContext context) => _context = context;

    public string Name => "test-source";

    public async IAsyncEnumerable<ClusterState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Build();
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    public ValueTask WriteStatusAsync(ClusterState state, AllocationResult allocation, CancellationToken cancellationToken)
    {
        if (_context.Settings.TryGetValue("statusFile", out var file))
        {
            var lines = allocation.Assignments.Select(a => $"status {a.Service}={string.Join(",", a.Addresses)}");
            File.AppendAllLines(file, lines);
        }

        return ValueTask.CompletedTask;
    }

    private ClusterState Build()
    {
        string Setting(string key, string fallback) => _context.Settings.TryGetValue(key, out var v) ? v : fallback;
        var nodes = Setting("nodes", _context.NodeName).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var services = Setting("services", "default/web").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var pool = Setting("pool", "test-pool");
        var cidr = IPNetwork.Parse(Setting("cidr", "192.0.2.0/28"));
        return new ClusterState
        {
            Revision = 1,
            Nodes = nodes.Select(n => new NodeInfo { Name = n }).ToArray(),
            Services = services.Select(s =>
            {
                var (key, ip) = s.Contains('=') ? (s[..s.IndexOf('=')], s[(s.IndexOf('=') + 1)..]) : (s, null);
                return new ServiceInfo
                {
                    Namespace = key.Split('/')[0],
                    Name = key.Split('/')[1],
                    Type = "LoadBalancer",
                    StatusAddresses = ip is null ? [] : [IPAddress.Parse(ip)],
                };
            }).ToArray(),
            Configuration = new MetalLbConfiguration
            {
                Pools = ImmutableSortedDictionary<string, AddressPool>.Empty.Add(pool, new AddressPool { Name = pool, Cidrs = [cidr] }),
            },
        };
    }
}
