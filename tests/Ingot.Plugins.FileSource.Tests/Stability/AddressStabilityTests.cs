using System.Text;
using Ingot.Plugins.FileSource.Tests.Watching;
using Ingot.Sdk.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.FileSource.Tests.Stability;

/// <summary>
/// A directory rewritten under a running file source, with the real allocator in the loop: no Service that stays valid
/// ever holds another address, whether its file is renamed, replaced, deleted and re-created, moved away and back across a
/// restart, or swapped in a ConfigMap volume. Nothing here asserts how long anything took.
/// </summary>
public sealed class AddressStabilityTests : IDisposable
{
    private const int Count = 400;

    // Three documentation /24s in one pool: room for the 400 Services and those the tests add.
    private const string LargePool = """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata: {name: lab}
        spec:
          addresses: [192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24]
        """;

    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _away = new();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }

        _dir.Dispose();
        _away.Dispose();
    }

    private static ServiceKey Key(string name) => new("default", name);

    private static string Name(int i) => $"svc-{i:D3}";

    private static string Service(string name) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}, namespace: default}
        spec: {type: LoadBalancer, clusterIP: 10.96.0.10, ports: [{port: 80}]}

        """;

    private FileClusterSource Source(string config, string? state = null)
    {
        var metrics = new FileSourceMetrics();
        _disposables.Add(metrics);
        var options = new FileSourceOptions
        {
            ConfigPath = config,
            StatePath = state,
            NodeName = "node-a",
            Debounce = TimeSpan.FromMilliseconds(50),
            PollInterval = TimeSpan.FromMilliseconds(200),
            Settle = TimeSpan.FromMilliseconds(100),
        };
        return new FileClusterSource(options, metrics, TimeProvider.System, NullLogger<FileClusterSource>.Instance);
    }

    private static Func<IReadOnlyDictionary<ServiceKey, Ingot.Plugins.FileSource.State.StateEntry>, bool> Holds(IEnumerable<string> names, params string[] absent)
    {
        var keys = names.Select(Key).ToHashSet();
        var gone = absent.Select(Key).ToArray();
        return a => keys.All(k => a.TryGetValue(k, out var e) && e.Addresses.Count > 0) && gone.All(k => !a.ContainsKey(k));
    }

    private static void AssertNoMoves(AllocationLoop loop, IEnumerable<string> names)
    {
        Assert.Empty(loop.Moves);
        foreach (var name in names)
        {
            Assert.Equal(loop.Expected(Key(name)), loop.Assignments[Key(name)].Addresses);
        }
    }

    [Fact]
    public async Task Churn_FourHundredServicesRewrittenFileByFile_MovesNoAddress()
    {
        _dir.Write("pool.yaml", LargePool);
        var files = new Dictionary<int, string>();
        for (var i = 0; i < Count; i++)
        {
            files[i] = _dir.Write(Name(i) + ".yaml", Service(Name(i)));
        }

        var originals = Enumerable.Range(0, Count).Select(Name).ToArray();
        await using var loop = new AllocationLoop(Source(_dir.Path));
        await loop.WaitUntilAsync(Holds(originals), "all 400 Services hold an address");
        loop.ExpectCurrentAddresses(originals.Select(Key));
        var added = new List<string>();

        for (var round = 0; round < 3; round++)
        {
            var random = new Random(round);
            var pending = new List<int>();
            var ops = 0;
            foreach (var i in Enumerable.Range(0, Count).OrderBy(_ => random.Next()))
            {
                switch (i % 4)
                {
                    case 0: // mv a b, within the directory
                        var renamed = Path.Combine(_dir.Path, $"{Name(i)}.r{round}.yaml");
                        File.Move(files[i], renamed);
                        files[i] = renamed;
                        break;
                    case 1: // an editor's or config management's write-to-temp-then-rename
                        var temporary = Path.Combine(_dir.Path, $".{Name(i)}.yaml.tmp");
                        File.WriteAllText(temporary, Service(Name(i)) + $"# round {round}\n");
                        File.Move(temporary, files[i], overwrite: true);
                        break;
                    case 2: // delete now, re-create a little later (rsync --delete, git checkout)
                        File.Delete(files[i]);
                        pending.Add(i);
                        break;
                    default: // rewritten in place, in two writes
                        using (var stream = new FileStream(files[i], FileMode.Create, FileAccess.Write))
                        {
                            var bytes = Encoding.UTF8.GetBytes(Service(Name(i)) + $"# round {round}\n");
                            stream.Write(bytes, 0, bytes.Length / 2);
                            stream.Flush();
                            stream.Write(bytes, bytes.Length / 2, bytes.Length - (bytes.Length / 2));
                        }

                        break;
                }

                if (++ops % 25 == 0)
                {
                    // New Services arrive while files are missing: they must not take a missing Service's address.
                    var name = $"new-{round}-{ops:D3}";
                    _dir.Write(name + ".yaml", Service(name));
                    added.Add(name);
                    foreach (var p in pending)
                    {
                        File.WriteAllText(files[p], Service(Name(p)));
                    }

                    pending.Clear();
                    await Task.Delay(60); // a pause between bursts, long enough for the watcher to fire mid-change
                }
            }

            foreach (var p in pending)
            {
                File.WriteAllText(files[p], Service(Name(p)));
            }

            await loop.WaitUntilAsync(Holds(originals.Concat(added)), $"round {round} settled");
        }

        AssertNoMoves(loop, originals);
    }

    [Fact]
    public async Task DeletedAndRecreated_GetsItsAddressBackWhileANewServiceArrived()
    {
        _dir.Write("pool.yaml", LargePool);
        var names = Enumerable.Range(0, 10).Select(Name).ToArray();
        foreach (var name in names)
        {
            _dir.Write(name + ".yaml", Service(name));
        }

        await using var loop = new AllocationLoop(Source(_dir.Path));
        await loop.WaitUntilAsync(Holds(names), "all hold an address");
        loop.ExpectCurrentAddresses(names.Select(Key));

        File.Delete(_dir.File("svc-003.yaml"));
        await loop.WaitUntilAsync(Holds(names.Where(n => n != "svc-003"), "svc-003"), "svc-003 released");
        _dir.Write("a-new.yaml", Service("a-new")); // sorts first and would take the lowest free address
        await loop.WaitUntilAsync(Holds(["a-new"]), "a-new assigned");
        _dir.Write("svc-003.yaml", Service("svc-003"));
        await loop.WaitUntilAsync(Holds(names), "svc-003 back");

        AssertNoMoves(loop, names);
        Assert.DoesNotContain(loop.Assignments[Key("a-new")].Addresses[0], loop.Expected(Key("svc-003")));
    }

    [Fact]
    public async Task MovedAwayAndBackAcrossRestart_GetsItsAddressBack()
    {
        var config = Path.Combine(_dir.Path, "manifests");
        var state = _dir.File("state.json");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "pool.yaml"), LargePool);
        var names = Enumerable.Range(0, 10).Select(Name).ToArray();
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(config, name + ".yaml"), Service(name));
        }

        System.Net.IPAddress[] before;
        await using (var loop = new AllocationLoop(Source(config, state)))
        {
            await loop.WaitUntilAsync(Holds(names), "all hold an address");
            before = loop.Assignments[Key("svc-002")].Addresses.ToArray();
            File.Move(Path.Combine(config, "svc-002.yaml"), _away.File("svc-002.yaml"));
            await loop.WaitUntilAsync(Holds(names.Where(n => n != "svc-002"), "svc-002"), "svc-002 released");
        }

        var written = Ingot.Plugins.FileSource.State.StateFile.Read(state, out var error);
        Assert.Null(error);
        Assert.Equal(before, written.Released[Key("svc-002")].Entry.Addresses);

        File.WriteAllText(Path.Combine(config, "a-new.yaml"), Service("a-new"));
        await using (var restarted = new AllocationLoop(Source(config, state)))
        {
            await restarted.WaitUntilAsync(Holds(["a-new"]), "a-new assigned after the restart");
            File.Move(_away.File("svc-002.yaml"), Path.Combine(config, "svc-002.yaml"));
            await restarted.WaitUntilAsync(Holds(names), "svc-002 back");

            Assert.Equal(before, restarted.Assignments[Key("svc-002")].Addresses);
            Assert.DoesNotContain(restarted.Assignments[Key("a-new")].Addresses[0], before);
        }
    }

    [Fact]
    public async Task PoolOtherwiseExhausted_RememberedAddressGoesToANewService()
    {
        _dir.Write("pool.yaml", LargePool.Replace("[192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24]", "[192.0.2.0/30]", StringComparison.Ordinal));
        var names = Enumerable.Range(0, 4).Select(Name).ToArray();
        foreach (var name in names)
        {
            _dir.Write(name + ".yaml", Service(name));
        }

        var source = Source(_dir.Path);
        await using var loop = new AllocationLoop(source);
        await loop.WaitUntilAsync(Holds(names), "the pool is full");
        var freed = loop.Assignments[Key("svc-001")].Addresses.ToArray();
        File.Delete(_dir.File("svc-001.yaml"));
        await loop.WaitUntilAsync(Holds(names.Where(n => n != "svc-001"), "svc-001"), "svc-001 released");
        Assert.True(source.Released.ContainsKey(Key("svc-001")));

        _dir.Write("a-new.yaml", Service("a-new"));
        await loop.WaitUntilAsync(Holds(["a-new"]), "a-new assigned");

        Assert.Equal(freed, loop.Assignments[Key("a-new")].Addresses);
        Assert.False(source.Released.ContainsKey(Key("svc-001"))); // taken: nothing left to give back
    }

    [Fact]
    public async Task ConfigMapVolume_FourHundredServicesRegroupedAcrossSwaps_MovesNoAddress()
    {
        var volume = new ConfigMapLayout(_dir.Path);
        var originals = Enumerable.Range(0, Count).Select(Name).ToArray();
        volume.WriteAndSwap(Version(0, originals));
        volume.FinishSwap();
        await using var loop = new AllocationLoop(Source(_dir.Path));
        await loop.WaitUntilAsync(Holds(originals), "all 400 Services hold an address");
        loop.ExpectCurrentAddresses(originals.Select(Key));
        var all = originals.ToList();

        for (var version = 1; version <= 3; version++)
        {
            // Each version regroups the Services into files with other names and adds a few that sort first.
            all.AddRange(Enumerable.Range(0, 5).Select(k => $"a-{version}-{k}"));
            volume.WriteAndSwap(Version(version, all));
            await Task.Delay(60); // the window between the swap and the link updates, long enough for the watcher to fire
            volume.FinishSwap();
            await loop.WaitUntilAsync(Holds(all), $"version {version} in force");
        }

        AssertNoMoves(loop, originals);
    }

    private static Dictionary<string, string> Version(int version, IReadOnlyList<string> names)
    {
        var files = new Dictionary<string, string>();
        for (var start = 0; start < names.Count; start += 10)
        {
            files[$"v{version}-group-{start / 10:D2}.yaml"] = string.Join("---\n", names.Skip(start).Take(10).Select(Service));
        }

        files["pool.yaml"] = LargePool;
        return files;
    }
}
