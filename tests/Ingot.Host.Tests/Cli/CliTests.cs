namespace Ingot.Host.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public async Task NoVerb_UsageErrorExitTwo()
    {
        var (code, stdout, stderr) = await IngotProcess.RunAsync();

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("ingot: Required command was not provided.", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("plugins", "--no-such-option")]
    [InlineData("reconcile", "x.yaml", "-o", "yaml")]
    [InlineData("validate")]
    public async Task BadArguments_UsageErrorExitTwo(params string[] args)
    {
        var (code, stdout, stderr) = await IngotProcess.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("ingot: ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--metrics-address")]
    [InlineData("validate", "PATH")]
    [InlineData("reconcile", "--output")]
    [InlineData("plugins", "--plugins-dir")]
    public async Task Help_EachVerb_UsageOnStdoutExitZero(string verb, string mentions)
    {
        var (code, stdout, stderr) = await IngotProcess.RunAsync(verb, "--help");

        Assert.Equal(0, code);
        Assert.Contains($"ingot {verb}", stdout, StringComparison.Ordinal);
        Assert.Contains(mentions, stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Plugins_DefaultDirectory_ListsTheFiveDefaultPlugins()
    {
        var (code, stdout, stderr) = await IngotProcess.RunAsync("plugins");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var rows = stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^NAME +KIND +VERSION +FOLDER +STATUS +DESCRIPTION$", rows[0]);
        var plugins = rows.Skip(1).Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(
            [("bgp", "announcer"), ("file-source", "source"), ("ipam", "allocator"), ("k8s-source", "source"), ("l2", "announcer")],
            plugins.Select(p => (p[0], p[1])));
        Assert.All(plugins, p => Assert.Equal("loaded", p[4]));
        Assert.All(plugins, p => Assert.Equal(p[0], p[3]));
    }

    [Fact]
    public async Task Plugins_FixtureDirectory_OneLinePerRefusalWithTheReason()
    {
        using var dir = new TempPluginsDirectory("bundled-sdk", "newer-sdk", "duplicate-a", "duplicate-b", "good-announcer");

        var (code, stdout, _) = await IngotProcess.RunAsync("plugins", "--plugins-dir", dir.Path);

        Assert.Equal(0, code);
        var rows = stdout.TrimEnd('\n').Split('\n').Skip(1).ToArray();
        Assert.Equal(5, rows.Length);
        Assert.Contains("refused: it carries its own Ingot.Sdk.dll; the SDK is shared from the host", rows[0], StringComparison.Ordinal);
        Assert.EndsWith("loaded  copy a", rows[1], StringComparison.Ordinal);
        Assert.Contains("refused: plugin name 'duplicate' is already taken by folder 'duplicate-a'", rows[2], StringComparison.Ordinal);
        Assert.Contains("loaded  test announcer: writes what it would announce to a file", rows[3], StringComparison.Ordinal);
        Assert.Contains("refused: plugin 'newer-sdk' needs SDK 99.0, this host has SDK 1.0.0", rows[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugins_EnvironmentVariable_ChoosesTheDirectory()
    {
        using var dir = new TempPluginsDirectory("good-source");

        var (code, stdout, _) = await IngotProcess.RunAsync(["plugins"], new Dictionary<string, string?> { ["INGOT_PLUGINS_DIR"] = dir.Path });

        Assert.Equal(0, code);
        Assert.Matches("\ntest-source +source +1\\.0\\.0 +good-source +loaded", stdout);
        Assert.Equal(2, stdout.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task Plugins_MissingDirectory_RuntimeFailureExitThree()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ingot-missing-" + Guid.NewGuid());

        var (code, stdout, stderr) = await IngotProcess.RunAsync("plugins", "--plugins-dir", missing);

        Assert.Equal(3, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"ingot: plugins directory {missing} does not exist\n", stderr);
    }

    [Fact]
    public async Task Run_BadMetricsAddress_UsageErrorExitTwo()
    {
        var (code, _, stderr) = await IngotProcess.RunAsync("run", "--metrics-address", "nonsense");

        Assert.Equal(2, code);
        Assert.Equal("ingot: --metrics-address 'nonsense': expected ADDR:PORT, e.g. 127.0.0.1:7472 or [::1]:7472\n", stderr);
    }

    [Fact]
    public async Task Run_MalformedSet_UsageErrorExitTwo()
    {
        var (code, _, stderr) = await IngotProcess.RunAsync("run", "--set", "novalue");

        Assert.Equal(2, code);
        Assert.Equal("ingot: --set 'novalue': expected plugin.key=value\n", stderr);
    }

    [Fact]
    public async Task Run_SelectedPluginMissing_RuntimeFailureExitThree()
    {
        using var dir = new TempPluginsDirectory("good-allocator", "newer-sdk");

        var (code, _, stderr) = await IngotProcess.RunAsync("run", "--plugins-dir", dir.Path, "--source", "nope", "--ipam", "test-ipam");

        Assert.Equal(3, code);
        Assert.EndsWith($"ingot: source plugin 'nope' not found in {dir.Path}\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SelectedPluginRefused_RuntimeFailureNamesTheReason()
    {
        using var dir = new TempPluginsDirectory("good-source", "good-allocator", "newer-sdk");

        var (code, _, stderr) = await IngotProcess.RunAsync("run", "--plugins-dir", dir.Path, "--source", "test-source",
            "--ipam", "test-ipam", "--announcers", "newer-sdk");

        Assert.Equal(3, code);
        Assert.EndsWith("ingot: announcer plugin 'newer-sdk' is not available: plugin 'newer-sdk' needs SDK 99.0, this host has SDK 1.0.0\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HostConfigNotJson_InvalidInputExitOne()
    {
        using var dir = new TempPluginsDirectory();
        File.WriteAllText(dir.File("host.json"), "{ not json");

        var (code, _, stderr) = await IngotProcess.RunAsync("run", "--host-config", dir.File("host.json"));

        Assert.Equal(1, code);
        Assert.StartsWith($"ingot: {dir.File("host.json")}: invalid host configuration: ", stderr, StringComparison.Ordinal);
    }
}
